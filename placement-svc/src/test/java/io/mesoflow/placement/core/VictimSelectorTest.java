package io.mesoflow.placement.core;

import static io.mesoflow.placement.core.PreemptionFixtures.NOW;
import static io.mesoflow.placement.core.PreemptionFixtures.freeGpus;
import static io.mesoflow.placement.core.PreemptionFixtures.running;
import static io.mesoflow.placement.core.PreemptionFixtures.waiting;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Which eligible gangs a waiting job preempts, golden victims per case. */
class VictimSelectorTest {
    static final GangPlacer PLACER = new GangPlacer(false);

    static List<String> victims(PreemptionOutcome outcome) {
        return ((PreemptionOutcome.Preempt) outcome).victims().stream().map(RunningGang::jobId).toList();
    }

    static Stream<Arguments> table() {
        return Stream.of(
                Arguments.of("the most recent checkpoint loses least and goes first",
                        waiting("w", "ml", 5, 1), freeGpus(0, 0),
                        List.of(running("old-ckpt", "ml", 1, 120, 90, "g1"),
                                running("new-ckpt", "ml", 1, 120, 5, "g2")),
                        List.of("new-ckpt")),
                Arguments.of("no checkpoint counts the whole run",
                        waiting("w", "ml", 5, 1), freeGpus(0, 0),
                        List.of(running("never", "ml", 1, 30, null, "g1"),
                                running("ckpt-20m", "ml", 1, 120, 20, "g2")),
                        List.of("ckpt-20m")),
                Arguments.of("a checkpoint older than the run counts the run only",
                        waiting("w", "ml", 5, 1), freeGpus(0, 0),
                        List.of(running("resumed", "ml", 1, 15, 300, "g1"),
                                running("ckpt-20m", "ml", 1, 120, 20, "g2")),
                        List.of("resumed")),
                Arguments.of("equal loss: the lower priority first",
                        waiting("w", "ml", 5, 1), freeGpus(0, 0),
                        List.of(running("p3", "ml", 3, 60, 10, "g1"), running("p1", "ml", 1, 60, 10, "g2")),
                        List.of("p1")),
                Arguments.of("equal loss and priority: the most recent start first",
                        waiting("w", "ml", 5, 1), freeGpus(0, 0),
                        List.of(running("early", "ml", 1, 120, 10, "g1"), running("late", "ml", 1, 60, 10, "g2")),
                        List.of("late")),
                Arguments.of("free GPUs count: one victim is enough with one GPU free",
                        waiting("w", "ml", 5, 2), freeGpus(1, 0),
                        List.of(running("a", "ml", 1, 60, 10, "g1"), running("b", "ml", 1, 60, 20, "g2")),
                        List.of("a")),
                Arguments.of("whole gangs: a two-task gang frees both its GPUs",
                        waiting("w", "ml", 5, 2), freeGpus(0, 0),
                        List.of(running("single", "ml", 1, 60, 5, "g1"), running("pair", "ml", 1, 60, 6, "g2", "g2")),
                        List.of("pair")),
                Arguments.of("a victim taken early but not needed in the end is dropped",
                        waiting("w", "ml", 5, 2), freeGpus(0, 0, 0),
                        List.of(running("cheap", "ml", 1, 60, 1, "g1"), running("pair", "ml", 1, 60, 30, "g2", "g2")),
                        List.of("pair")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void victimsAreChosenByLeastLossThenPriorityThenRecentStart(String name, QueuedJob job,
                                                                Map<String, AgentCapacity> free,
                                                                List<RunningGang> candidates, List<String> expected) {
        PreemptionOutcome outcome = VictimSelector.select(job, candidates, free, PLACER, NOW);

        assertThat(outcome).isInstanceOf(PreemptionOutcome.Preempt.class);
        assertThat(victims(outcome)).isEqualTo(expected);
    }

    @Test
    void whenEvenEveryCandidateWouldNotMakeRoomNothingIsPreemptedAndTheReasonSaysSo() {
        PreemptionOutcome outcome = VictimSelector.select(waiting("w", "ml", 5, 4), List.of(
                running("a", "ml", 1, 60, 10, "g1"), running("b", "ml", 1, 60, 10, "g2")), freeGpus(0, 0), PLACER, NOW);

        assertThat(outcome).isEqualTo(new PreemptionOutcome.NoPreemption(
                "preempting all 2 eligible job(s) would still not make room for job w"));
    }

    @Test
    void withoutCandidatesNothingIsPreempted() {
        assertThat(VictimSelector.select(waiting("w", "ml", 5, 1), List.of(), freeGpus(0), PLACER, NOW))
                .isEqualTo(new PreemptionOutcome.NoPreemption("no running job may be preempted by job w"));
    }

    @Test
    void theCostIsTheVictimsGpuHoursSinceTheirCheckpointsAndTheReasonNamesThem() {
        PreemptionOutcome.Preempt preempt = (PreemptionOutcome.Preempt) VictimSelector.select(
                waiting("w", "ml", 5, 2), List.of(running("a", "ml", 1, 60, 6, "g1"),
                        running("b", "ml", 2, 60, 30, "g2")), freeGpus(0, 0), PLACER, NOW);

        assertThat(preempt.cost()).isCloseTo(0.6, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(preempt.reason()).isEqualTo("preempting a (priority 1, 0.1 GPU-hours since its checkpoint), "
                + "b (priority 2, 0.5 GPU-hours since its checkpoint) makes room for job w");
    }

    @Test
    void theReleasedResourcesLandOnTheVictimsAgentsEvenWithoutAnOfferHeld() {
        PreemptionOutcome outcome = VictimSelector.select(waiting("w", "ml", 5, 1),
                List.of(running("elsewhere", "ml", 1, 60, 10, "g9")), Map.of(), PLACER, NOW);

        assertThat(victims(outcome)).containsExactly("elsewhere");
    }

    @Test
    void thePreemptingReasonNamesEachVictimWithItsPriorityAndLoss() {
        assertThat(PreemptingReason.of(List.of(new PreemptingReason.Victim("x", 1, 0.1))))
                .isEqualTo("preempting job x (priority 1, 0.1 GPU-hours since its checkpoint): waiting for it to "
                        + "checkpoint and release its resources");
        assertThat(PreemptingReason.of(List.of(new PreemptingReason.Victim("x", 1, 0.1),
                new PreemptingReason.Victim("y", 0, 2.25))))
                .isEqualTo("preempting jobs x (priority 1, 0.1 GPU-hours since its checkpoint), y (priority 0, 2.3 "
                        + "GPU-hours since its checkpoint): waiting for them to checkpoint and release their resources");
    }
}
