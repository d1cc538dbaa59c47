package io.mesoflow.placement.core;

import io.mesoflow.events.BudgetPolicy;
import io.mesoflow.events.PreemptionScope;
import java.time.Duration;

/**
 * A team's limits (null: no limit): what its running tasks may hold at once, and the GPU-hours
 * it may use in any rolling {@code window}; what a spent budget does ({@code budgetPolicy}) and
 * which jobs its waiting jobs may preempt ({@code preemption}, {@code preemptBelowPriority}; null:
 * the cluster's setting).
 */
public record TeamQuota(String team, Double cpus, Double memMb, Integer gpus, Double gpuHoursBudget, int windowHours,
                        Duration window, BudgetPolicy budgetPolicy, PreemptionScope preemption,
                        Integer preemptBelowPriority) {
    public TeamQuota {
        window = window == null ? Duration.ofHours(windowHours) : window;
        budgetPolicy = budgetPolicy == null ? BudgetPolicy.DEFAULT : budgetPolicy;
    }

    /** Limits only: a window of {@code windowHours}, the default budget policy, the cluster's preemption. */
    public TeamQuota(String team, Double cpus, Double memMb, Integer gpus, Double gpuHoursBudget, int windowHours) {
        this(team, cpus, memMb, gpus, gpuHoursBudget, windowHours, null, null, null, null);
    }

    public static TeamQuota unlimited(String team) {
        return new TeamQuota(team, null, null, null, null, 168);
    }
}
