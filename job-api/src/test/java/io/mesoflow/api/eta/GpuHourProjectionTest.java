package io.mesoflow.api.eta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.mesoflow.api.eta.GpuHourProjection.Alarm;
import io.mesoflow.api.eta.GpuHourProjection.Budget;
import io.mesoflow.api.eta.GpuHourProjection.Projection;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GpuHourProjectionTest {
    static final Instant NOW = Instant.parse("2025-03-01T10:00:00Z");

    @ParameterizedTest(name = "used {0}, {1} gpus for {2} min, budget {3}, team used {4}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            // used | gpus | minutes left | budget | team used | projected | to go | remaining | warns
            "0.5    | 2    | 21           | 10     | 7        | 1.2       | 0.7   | 3.0       | false",
            "0.5    | 4    | 60           | 10     | 7        | 4.5       | 4.0   | 3.0       | true",
            "0.5    | 4    | 45           | 10     | 7        | 3.5       | 3.0   | 3.0       | false",
            "0.5    | 1    | 60           | 10     | 12       | 1.5       | 1.0   | -2.0      | true",
            "0.5    | 4    | 60           | null   | 7        | 4.5       | 4.0   | null      | false",
            "0.5    | 4    | null         | 10     | 9.9      | null      | 0     | 0.1       | false",
            "0      | 0    | 600          | 10     | 12       | 0         | 0     | -2.0      | false",
            "2      | 4    | -10          | 1      | 5        | 2         | 0     | -4.0      | false",
    })
    void theJobIsProjectedToItsFinishAndWarnsWhenWhatItWillStillUseExceedsWhatItsTeamHasLeft(
            double used, int gpus, Integer minutesLeft, Double budget, double teamUsed, Double projected, double toGo,
            Double remaining, boolean warns) {
        Instant finish = minutesLeft == null ? null : NOW.plusSeconds(60L * minutesLeft);
        Projection p = GpuHourProjection.project("ml", used, gpus, finish, NOW,
                budget == null ? null : new Budget(budget, 168), teamUsed);
        assertThat(p.used()).isEqualTo(used);
        if (projected == null) {
            assertThat(p.projected()).isNull();
        } else {
            assertThat(p.projected()).isCloseTo(projected, within(1e-9));
        }
        assertThat(p.toGo()).isCloseTo(toGo, within(1e-9));
        if (remaining == null) {
            assertThat(p.teamRemaining()).isNull();
        } else {
            assertThat(p.teamRemaining()).isCloseTo(remaining, within(1e-9));
        }
        assertThat(p.overBudget()).isEqualTo(warns);
    }

    @Test
    void theWarningSaysHowMuchMoreTheJobWillUseAndWhatTheTeamHasLeft() {
        Projection p = GpuHourProjection.project("ml", 0.5, 4, NOW.plusSeconds(3600), NOW, new Budget(10, 168), 7);
        assertThat(p.warning()).isEqualTo("projected to use 4.0 more GPU-hours by its finish ETA (11:00 UTC), over the "
                + "3.0 team ml has left of its 10.0 GPU-hour budget for the last 7 days");
    }

    @ParameterizedTest(name = "raised before {0}, over now {1} -> {2}")
    @CsvSource({"false, true, RAISE", "true, true, KEEP", "true, false, CLEAR", "false, false, KEEP"})
    void aWarningIsRaisedOncePerJobUntilTheProjectionDropsBackUnder(boolean raisedBefore, boolean overNow, Alarm alarm) {
        Projection p = new Projection(1, 2.0, 1, 0.5, overNow ? "over" : null);
        assertThat(Alarm.decide(raisedBefore, p)).isEqualTo(alarm);
    }
}
