package io.mesoflow.placement.core;

import io.mesoflow.events.Resources;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A placed job that holds resources now: a candidate for preemption (or for its budget's suspend).
 *
 * @param startedAt      when it was (re)placed: the start of its current run
 * @param checkpointAt   its latest checkpoint's time; null: none known
 * @param checkpointStep its latest checkpoint's step; null: none known
 * @param held           what each of its unfinished tasks holds, where
 */
public record RunningGang(String jobId, String team, int priority, Instant startedAt, Instant checkpointAt,
                          Long checkpointStep, List<Held> held) {
    /** One task's resources and ports on one agent. */
    public record Held(String agentId, String hostname, Map<String, String> attributes, Resources resources,
                       List<Integer> ports) {
    }

    public RunningGang {
        held = List.copyOf(held);
    }

    public int gpus() {
        return held.stream().mapToInt(h -> h.resources().gpus()).sum();
    }

    /**
     * GPU-hours of work since its last checkpoint: what a suspend now loses. A checkpoint older
     * than this run (or none) counts the whole run since it started.
     */
    public double gpuHoursSinceCheckpoint(Instant now) {
        Instant from = checkpointAt != null && checkpointAt.isAfter(startedAt) ? checkpointAt : startedAt;
        double hours = Math.max(0, Duration.between(from, now).toMillis()) / 3_600_000.0;
        return gpus() * hours;
    }
}
