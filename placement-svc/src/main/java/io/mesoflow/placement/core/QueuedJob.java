package io.mesoflow.placement.core;

import java.time.Instant;
import java.util.List;

/**
 * A job waiting to be placed, with every task's demand. {@code budgetSuspended}: its team's spent
 * budget suspended it; it is placed again only once the window freed the resume headroom.
 */
public record QueuedJob(String jobId, String team, int priority, Instant submittedAt, List<TaskDemand> demands,
                        boolean budgetSuspended) {
    public QueuedJob(String jobId, String team, int priority, Instant submittedAt, List<TaskDemand> demands) {
        this(jobId, team, priority, submittedAt, demands, false);
    }

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
