package io.mesoflow.api.eta;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;

/**
 * GPU-hours from task attempts: an ended attempt at its measured GPU-seconds (TaskUsageRecorded),
 * spread evenly over its run; a running one at its GPUs from its start until now. The same rule as
 * placement's budget gate (placement-svc core/GpuHours), so both see the same window.
 */
public final class GpuUsage {
    /**
     * One attempt: {@code gpus} held from {@code start} to {@code end} (null: still running). For an
     * ended attempt {@code gpuSeconds} (when measured) wins over {@code gpus} x its duration.
     */
    public record Attempt(int gpus, Instant start, Instant end, Double gpuSeconds) {
    }

    private GpuUsage() {
    }

    /** Everything the attempts used, at any time. */
    public static double hours(Collection<Attempt> attempts, Instant now) {
        return hoursSince(attempts, Instant.MIN, now);
    }

    /** What the attempts used inside the window that ends now. */
    public static double hoursInWindow(Collection<Attempt> attempts, Instant now, Duration window) {
        return hoursSince(attempts, now.minus(window), now);
    }

    private static double hoursSince(Collection<Attempt> attempts, Instant from, Instant now) {
        double seconds = 0;
        for (Attempt a : attempts) {
            seconds += secondsSince(a, from, now);
        }
        return seconds / 3600;
    }

    private static double secondsSince(Attempt a, Instant from, Instant now) {
        if (a.start() == null) {
            // measured usage whose attempt never reported a start: count it whole if it is recent enough to tell
            return a.gpuSeconds() != null && a.end() != null && !a.end().isBefore(from) ? a.gpuSeconds() : 0;
        }
        Instant end = a.end() == null || a.end().isAfter(now) ? now : a.end();
        if (!end.isAfter(a.start())) {
            return a.end() != null && a.gpuSeconds() != null && !a.end().isBefore(from) ? a.gpuSeconds() : 0;
        }
        Instant start = a.start().isBefore(from) ? from : a.start();
        if (!end.isAfter(start)) {
            return 0;
        }
        double inside = Duration.between(start, end).toMillis() / 1000.0;
        if (a.end() != null && a.gpuSeconds() != null) {
            double whole = Duration.between(a.start(), end).toMillis() / 1000.0;
            return a.gpuSeconds() * inside / whole;
        }
        return a.gpus() * inside;
    }
}
