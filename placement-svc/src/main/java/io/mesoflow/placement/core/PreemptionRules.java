package io.mesoflow.placement.core;

import io.mesoflow.events.PreemptionScope;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Which running gangs a waiting job may preempt (docs/suspend-and-preemption.md): strictly lower
 * priority; within its policy's scope (its own team, or also other teams' jobs below the policy's
 * priority); running at least the minimum run time; and no cycles: a job that preempted the
 * waiting job before may not be preempted by it.
 */
public final class PreemptionRules {
    private PreemptionRules() {
    }

    /**
     * @param preemptedBy the jobs that preempted {@code waiting} before
     */
    public static List<RunningGang> eligible(QueuedJob waiting, PreemptionPolicy policy, List<RunningGang> running,
                                             Set<String> preemptedBy, Instant now) {
        if (!policy.allowsAny()) {
            return List.of();
        }
        return running.stream().filter(c -> why(waiting, policy, c, preemptedBy, now) == null).toList();
    }

    /** Null when {@code candidate} may be preempted; otherwise why not. */
    public static String why(QueuedJob waiting, PreemptionPolicy policy, RunningGang candidate, Set<String> preemptedBy,
                             Instant now) {
        if (policy.scope() == PreemptionScope.NEVER) {
            return "the preemption policy is never";
        }
        if (candidate.jobId().equals(waiting.jobId())) {
            return "it is the waiting job";
        }
        if (candidate.priority() >= waiting.priority()) {
            return "its priority " + candidate.priority() + " is not below " + waiting.priority();
        }
        boolean sameTeam = candidate.team().equals(waiting.team());
        if (!sameTeam && policy.scope() == PreemptionScope.WITHIN_TEAM) {
            return "it is team " + candidate.team() + "'s and the policy is within-team";
        }
        if (!sameTeam && candidate.priority() >= policy.belowPriority()) {
            return "another team's job preempted only below priority " + policy.belowPriority();
        }
        Duration ran = Duration.between(candidate.startedAt(), now);
        if (ran.compareTo(policy.minRunTime()) < 0) {
            return "it ran " + ran.toSeconds() + " s, less than the minimum run time of "
                    + policy.minRunTime().toSeconds() + " s";
        }
        if (preemptedBy.contains(candidate.jobId())) {
            return "it preempted job " + waiting.jobId() + " before";
        }
        return null;
    }
}
