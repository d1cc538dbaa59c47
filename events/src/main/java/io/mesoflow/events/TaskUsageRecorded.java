package io.mesoflow.events;

import java.time.Instant;
import java.util.Objects;

/**
 * What one task attempt used, from RUNNING to its end: for GPU-hour budgets and history.
 * Topic {@link Topics#JOB_STATUS}.
 */
public record TaskUsageRecorded(String jobId, String team, String taskName, int attempt, double cpus, int gpus,
                                Instant startedAt, Instant endedAt, double cpuSeconds, double gpuSeconds)
        implements MesoflowEvent {
    public TaskUsageRecorded {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(taskName, "taskName");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(endedAt, "endedAt");
    }

    @Override
    public String key() {
        return jobId;
    }
}
