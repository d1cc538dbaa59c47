package io.mesoflow.placement.core;

import io.mesoflow.events.PreemptionScope;
import java.time.Duration;

/**
 * Which running jobs a waiting job may preempt: its team's {@code scope}, other teams' jobs only
 * below {@code belowPriority} (with {@code across-teams}), and none that ran less than {@code minRunTime}.
 */
public record PreemptionPolicy(PreemptionScope scope, int belowPriority, Duration minRunTime) {
    /** The team's own settings where it has them, else the cluster's. */
    public static PreemptionPolicy of(TeamQuota quota, PreemptionScope clusterScope, int clusterBelowPriority,
                                      Duration minRunTime) {
        PreemptionScope scope = quota != null && quota.preemption() != null ? quota.preemption() : clusterScope;
        int below = quota != null && quota.preemptBelowPriority() != null ? quota.preemptBelowPriority()
                : clusterBelowPriority;
        return new PreemptionPolicy(scope == null ? PreemptionScope.DEFAULT : scope, below, minRunTime);
    }

    public boolean allowsAny() {
        return scope != PreemptionScope.NEVER;
    }
}
