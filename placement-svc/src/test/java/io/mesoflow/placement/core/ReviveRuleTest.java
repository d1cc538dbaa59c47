package io.mesoflow.placement.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReviveRuleTest {
    static final Instant NOW = Instant.parse("2026-01-01T00:00:10Z");
    static final Duration REFUSE = Duration.ofSeconds(5);

    /** Times are seconds before now; -1: never. */
    @ParameterizedTest(name = "{5}")
    @CsvSource({
            "false, true,  1,  -1, false, nothing waits: no revive even after a suppress",
            "false, false, 1,  -1, false, nothing waits: no revive even with a filter running",
            "true,  true,  -1, -1, true,  work arrives after a suppress: revive at once",
            "true,  false, -1, -1, false, work waits and nothing was declined or suppressed: nothing is hidden",
            "true,  false, 1,  -1, true,  a job arrives while a decline's filter runs: revive at once",
            "true,  false, 1,  0.5, false, revived since the last decline, moments ago: not again",
            "true,  false, 2,  3,  true,  declined again after the last revive: revive again",
            "true,  false, 4,  3,  true,  revived more than half a filter ago and a filter may still run: again",
            "true,  false, 6,  -1, false, the last decline's filter ran out: the backend offers it by itself",
    })
    void revivesWhenWorkWaitsAndResourcesMayBeHidden(boolean waiting, boolean revivePending, double declinedAgo,
                                                     double revivedAgo, boolean expected, String why) {
        assertThat(ReviveRule.revive(waiting, revivePending, ago(declinedAgo), ago(revivedAgo), NOW, REFUSE))
                .as(why).isEqualTo(expected);
    }

    static Instant ago(double seconds) {
        return seconds < 0 ? Instant.EPOCH : NOW.minusMillis((long) (seconds * 1000));
    }
}
