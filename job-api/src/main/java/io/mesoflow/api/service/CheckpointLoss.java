package io.mesoflow.api.service;

import io.mesoflow.api.eta.Demand;
import io.mesoflow.events.JobSpec;
import java.time.Duration;
import java.time.Instant;

/**
 * The work a suspension puts at risk: GPU-hours since the job's last checkpoint (the GPUs its
 * tasks hold times the time since that checkpoint). Unknown (null) when no checkpoint is known.
 */
public final class CheckpointLoss {
    private CheckpointLoss() {
    }

    /** GPU-hours of {@code spec}'s tasks from {@code checkpointAt} to {@code now}; null when {@code checkpointAt} is. */
    public static Double gpuHoursSince(JobSpec spec, Instant checkpointAt, Instant now) {
        if (checkpointAt == null) {
            return null;
        }
        long millis = Math.max(0, Duration.between(checkpointAt, now).toMillis());
        return Demand.of(spec).gpus() * millis / 3_600_000.0;
    }
}
