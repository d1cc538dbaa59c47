package io.mesoflow.api.eta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.mesoflow.api.eta.GpuUsage.Attempt;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GpuUsageTest {
    static final Instant NOW = Instant.parse("2025-03-08T00:00:00Z");

    static Instant hoursAgo(Double h) {
        return h == null ? null : NOW.minusSeconds(Math.round(h * 3600));
    }

    @ParameterizedTest(name = "{0} gpus from {1} h ago to {2} h ago, measured {3} GPU-s")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            // gpus | started h ago | ended h ago | gpu seconds | all hours | hours in a 24 h window
            "2      | 3             | null        | null        | 6         | 6",
            "2      | 30            | null        | null        | 60        | 48",
            "4      | 5             | 1           | 7200        | 2         | 2",
            "4      | 36            | 12          | 86400       | 24        | 12",
            "4      | 48            | 30          | 3600        | 1         | 0",
            "0      | 3             | 1           | null        | 0         | 0",
            "2      | 3             | 1           | null        | 4         | 4",
            "1      | null          | 2           | 1800        | 0.5       | 0.5",
    })
    void runningAttemptsCountTheirGpusUntilNowEndedOnesTheirMeasuredUsageClippedToTheWindow(
            int gpus, Double started, Double ended, Double gpuSeconds, double all, double inWindow) {
        List<Attempt> attempts = List.of(new Attempt(gpus, hoursAgo(started), hoursAgo(ended), gpuSeconds));
        assertThat(GpuUsage.hours(attempts, NOW)).isCloseTo(all, within(1e-6));
        assertThat(GpuUsage.hoursInWindow(attempts, NOW, Duration.ofHours(24))).isCloseTo(inWindow, within(1e-6));
    }
}
