package io.mesoflow.launcher.local;

import static io.mesoflow.launcher.local.ReadinessProbe.Report.PREPARED;
import static io.mesoflow.launcher.local.ReadinessProbe.Report.PREPARING;
import static io.mesoflow.launcher.local.ReadinessProbe.Report.READY;
import static org.assertj.core.api.Assertions.assertThat;

import io.mesoflow.events.LaunchSpec;
import io.mesoflow.events.Resources;
import io.mesoflow.events.TaskPlacement;
import io.mesoflow.launcher.local.ReadinessProbe.Look;
import io.mesoflow.launcher.local.ReadinessProbe.Report;
import io.mesoflow.launcher.local.ReadinessProbe.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** When the local backend looks at a running task again, and what it reports. */
class ReadinessProbeTest {
    static final Look NOTHING = new Look(false, false);
    static final Look MARKER = new Look(true, false);
    static final Look LISTENING = new Look(false, true);

    @ParameterizedTest(name = "after {0} looks wait {1} ms")
    @CsvSource({"1, 250", "7, 250", "8, 500", "9, 1000", "10, 2000", "11, 2000", "40, 2000", "100000, 2000"})
    void looksComeEvery250MsAtFirstThenBackOffTo2s(int looks, long delayMs) {
        assertThat(ReadinessProbe.delayAfter(looks)).isEqualTo(delayMs);
    }

    @ParameterizedTest(name = "{0} with ports {1}: serves a port = {2}")
    @CsvSource({"ps-0, 31000, true", "worker-3, 31000, true", "chief-0, 31000, true", "gpu_worker-0, 31000, true",
            "tensorboard-0, 31000, true", "evaluator-0, 31000, false", "worker-0, , false", "not a task, 31000, false"})
    void rolesThatServeTheirFirstPortAreProbed(String name, Integer port, boolean serves) {
        TaskPlacement task = new TaskPlacement(name, 0, "local", "127.0.0.1", List.of("o"), new Resources(1, 64, 0, 0),
                port == null ? List.of() : List.of(port), new LaunchSpec(null, "true", Map.of(), null, Map.of(),
                List.of()));

        assertThat(ReadinessProbe.servesPort(task)).isEqualTo(serves);
    }

    @Test
    void aServerIsReadyOnceItsPortAcceptsAConnectionAndThenNoLongerLookedAt() {
        ReadinessProbe probe = new ReadinessProbe(true, false);

        assertThat(probe.needed()).isTrue();
        assertThat(probe.next(NOTHING)).isEqualTo(new Step(List.of(), 250));
        assertThat(probe.next(NOTHING)).isEqualTo(new Step(List.of(), 250));
        Step ready = probe.next(LISTENING);
        assertThat(ready.reports()).containsExactly(READY);
        assertThat(ready.done()).isTrue();
    }

    @Test
    void aServerThatNeverListensIsLookedAtEvery2sForAsLongAsItRuns() {
        ReadinessProbe probe = new ReadinessProbe(true, false);

        List<Long> delays = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            Step step = probe.next(NOTHING);
            assertThat(step.reports()).isEmpty();
            delays.add(step.nextDelayMs());
        }

        assertThat(delays.subList(0, 11)).containsExactly(250L, 250L, 250L, 250L, 250L, 250L, 250L, 500L, 1000L, 2000L,
                2000L);
        assertThat(delays).allMatch(d -> d > 0 && d <= 2000);
    }

    /** Each row: the looks (N nothing, M marker, L listening) and the reports in order; "." ends it. */
    @ParameterizedTest(name = "serves {0}, builds {1}: {2} -> {3}")
    @CsvSource({
            "true,  true,  MMMNNL,  PREPARING PREPARED READY .",
            "true,  true,  MMML,    PREPARING READY .",
            "true,  true,  NNL,     READY .",
            "true,  false, L,       READY .",
            "false, true,  NMMN,    PREPARING PREPARED .",
            "false, true,  MN,      PREPARING PREPARED .",
            "false, true,  ML,      PREPARING PREPARED .",
    })
    void reportsComeOnceEachInOrder(boolean serves, boolean builds, String looks, String expected) {
        ReadinessProbe probe = new ReadinessProbe(serves, builds);
        List<String> seen = new ArrayList<>();
        for (char c : looks.toCharArray()) {
            Step step = probe.next(c == 'M' ? MARKER : c == 'L' ? LISTENING : NOTHING);
            step.reports().stream().map(Report::name).forEach(seen::add);
            if (step.done()) {
                seen.add(".");
                break;
            }
        }

        assertThat(String.join(" ", seen)).isEqualTo(expected);
    }

    @Test
    void aTaskThatNeitherServesNorBuildsIsNotLookedAt() {
        assertThat(new ReadinessProbe(false, false).needed()).isFalse();
    }

    @Test
    void aTaskThatBuildsButNeverShowsTheMarkerIsLookedAtForABoundedTime() {
        ReadinessProbe probe = new ReadinessProbe(false, true);

        int looks = 0;
        Step step;
        do {
            step = probe.next(NOTHING);
            looks++;
            assertThat(step.reports()).isEmpty();
        } while (!step.done());

        assertThat(looks).isEqualTo(ReadinessProbe.MARKER_LOOKS);
    }

    @Test
    void aTaskStillPreparingIsLookedAtUntilItIsDoneHoweverLongItTakes() {
        ReadinessProbe probe = new ReadinessProbe(false, true);

        assertThat(probe.next(MARKER).reports()).containsExactly(PREPARING);
        for (int i = 0; i < 1000; i++) {
            Step step = probe.next(MARKER);
            assertThat(step.reports()).isEmpty();
            assertThat(step.done()).isFalse();
        }
        assertThat(probe.next(NOTHING)).isEqualTo(new Step(List.of(PREPARED), -1));
    }
}
