package io.mesoflow.placement.core;

import java.time.Instant;
import java.util.List;

/** A job waiting to be placed, with every task's demand. */
public record QueuedJob(String jobId, String team, int priority, Instant submittedAt, List<TaskDemand> demands) {
    public double cpus() {
        return demands.stream().mapToDouble(d -> d.resources().cpus()).sum();
    }

    public double memMb() {
        return demands.stream().mapToDouble(d -> d.resources().memMb()).sum();
    }

    public int gpus() {
        return demands.stream().mapToInt(d -> d.resources().gpus()).sum();
    }
}
