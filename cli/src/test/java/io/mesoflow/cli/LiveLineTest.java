package io.mesoflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LiveLineTest {
    static final Instant T0 = Instant.parse("2026-03-05T10:00:00Z");
    static final String NL = System.lineSeparator();

    @Test
    void onATerminalOneLineIsRedrawnAndAChangeOfStateStartsANewOne() {
        LiveLine line = new LiveLine(true, 80, Duration.ofSeconds(30));

        assertThat(line.update("QUEUED", "position 1, start in 10s", T0)).isEqualTo("\rQUEUED  position 1, start in 10s\u001b[K");
        assertThat(line.update("RUNNING", "step 10", T0.plusSeconds(1))).isEqualTo(NL + "\rRUNNING  step 10\u001b[K");
        assertThat(line.update("RUNNING", "step 20", T0.plusSeconds(2))).isEqualTo("\rRUNNING  step 20\u001b[K");
        assertThat(line.update("RUNNING", "step 20", T0.plusSeconds(3))).isEmpty();
        assertThat(line.finish()).isEqualTo(NL);
    }

    @Test
    void onATerminalTheLineIsCutToItsWidthSoItNeverWraps() {
        LiveLine line = new LiveLine(true, 20, Duration.ZERO);

        assertThat(line.update("RUNNING", "[####------] 1200/3000 (40%)", T0))
                .isEqualTo("\rRUNNING  [####----~\u001b[K");
    }

    @Test
    void elsewhereStatesPrintAtOnceAndProgressAtMostEveryInterval() {
        LiveLine line = new LiveLine(false, 80, Duration.ofSeconds(30));

        assertThat(line.update("RUNNING", "step 10", T0)).isEqualTo("RUNNING  step 10" + NL);
        assertThat(line.update("RUNNING", "step 20", T0.plusSeconds(10))).isEmpty();
        assertThat(line.update("RUNNING", "step 30", T0.plusSeconds(29))).isEmpty();
        assertThat(line.update("RUNNING", "step 40", T0.plusSeconds(30))).isEqualTo("RUNNING  step 40" + NL);
        assertThat(line.update("SUCCEEDED", "step 50", T0.plusSeconds(31))).isEqualTo("SUCCEEDED  step 50" + NL);
        assertThat(line.finish()).isEmpty();
    }

    @Test
    void nothingShownNeedsNoNewlineAtTheEnd() {
        assertThat(new LiveLine(true, 80, Duration.ZERO).finish()).isEmpty();
    }

    @Test
    void aJobWithoutProgressShowsItsStateAlone() {
        assertThat(new LiveLine(false, 80, Duration.ZERO).update("QUEUED  (needs 4 gpus)", "", T0))
                .isEqualTo("QUEUED  (needs 4 gpus)" + NL);
    }
}
