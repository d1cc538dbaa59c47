package io.mesoflow.placement.core;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;

/** GPU-hours used inside a rolling window, from task run intervals (start and end, or still running). */
public final class GpuHours {
    /** {@code gpus} held from {@code start} to {@code end} (null: still running). */
    public record Interval(int gpus, Instant start, Instant end) {
    }

    private GpuHours() {
    }

    public static double used(Collection<Interval> intervals, Instant now, Duration window) {
        Instant from = now.minus(window);
        double seconds = 0;
        for (Interval i : intervals) {
            Instant start = i.start().isBefore(from) ? from : i.start();
            Instant end = i.end() == null || i.end().isAfter(now) ? now : i.end();
            if (end.isAfter(start)) {
                seconds += i.gpus() * Duration.between(start, end).toMillis() / 1000.0;
            }
        }
        return seconds / 3600;
    }
}
