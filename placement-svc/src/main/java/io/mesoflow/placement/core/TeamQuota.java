package io.mesoflow.placement.core;

/**
 * A team's limits (null: no limit): what its running tasks may hold at once, and the GPU-hours
 * it may use in any rolling window of {@code windowHours}.
 */
public record TeamQuota(String team, Double cpus, Double memMb, Integer gpus, Double gpuHoursBudget, int windowHours) {
    public static TeamQuota unlimited(String team) {
        return new TeamQuota(team, null, null, null, null, 168);
    }
}
