package io.mesoflow.api.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class GpuBurnDownTest {
    static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    static final Instant NOW = START.plusSeconds(24 * 3600);

    static Instant at(int hours) {
        return START.plusSeconds(hours * 3600L);
    }

    @Test
    void eachFinishedAttemptBurnsItsGpuHoursFromTheBudgetInTheOrderTheyEnded() {
        List<GpuBurnDown.Point> curve = GpuBurnDown.curve(START, NOW, 10.0, List.of(
                new GpuBurnDown.Use(at(5), 2 * 3600), new GpuBurnDown.Use(at(2), 3600)));

        assertThat(curve).containsExactly(
                new GpuBurnDown.Point(START, 0, 10.0),
                new GpuBurnDown.Point(at(2), 1, 9.0),
                new GpuBurnDown.Point(at(5), 3, 7.0),
                new GpuBurnDown.Point(NOW, 3, 7.0));
    }

    @Test
    void usesOutsideTheWindowOrWithoutGpuTimeAreLeftOutAndAttemptsEndingTogetherMakeOnePoint() {
        List<GpuBurnDown.Point> curve = GpuBurnDown.curve(START, NOW, null, List.of(
                new GpuBurnDown.Use(START.minusSeconds(1), 3600), new GpuBurnDown.Use(NOW.plusSeconds(1), 3600),
                new GpuBurnDown.Use(at(3), 0), new GpuBurnDown.Use(at(4), 1800), new GpuBurnDown.Use(at(4), 1800)));

        assertThat(curve).containsExactly(
                new GpuBurnDown.Point(START, 0, null),
                new GpuBurnDown.Point(at(4), 1, null),
                new GpuBurnDown.Point(NOW, 1, null));
    }

    @Test
    void anOverspentBudgetGoesNegative() {
        assertThat(GpuBurnDown.curve(START, NOW, 1.0, List.of(new GpuBurnDown.Use(NOW, 3 * 3600))))
                .containsExactly(new GpuBurnDown.Point(START, 0, 1.0), new GpuBurnDown.Point(NOW, 3, -2.0));
    }
}
