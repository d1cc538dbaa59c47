package io.mesoflow.placement.core;

import io.mesoflow.events.BudgetPolicy;
import java.util.List;
import java.util.Map;

/**
 * What a spent GPU-hour budget does to running jobs: with the team's policy {@code suspend} and
 * its GPU-hours in the window at or over its budget, every running GPU job of the team is
 * suspended; with {@code finish-running} (the default) nothing (only new GPU jobs wait, see
 * {@link QuotaGate}). {@code running} holds only jobs not already suspending.
 */
public final class BudgetEnforcement {
    /** Suspend this job: its team spent its budget. */
    public record Suspend(RunningGang job, String requestedBy, String reason) {
    }

    private BudgetEnforcement() {
    }

    public static List<Suspend> decide(Map<String, TeamQuota> quotas, Map<String, TeamUsage> usage,
                                       List<RunningGang> running) {
        Map<String, String> spent = spentTeams(quotas, usage);
        return running.stream().filter(job -> job.gpus() > 0 && spent.containsKey(job.team()))
                .map(job -> new Suspend(job, "budget:" + job.team(), spent.get(job.team()))).toList();
    }

    /** The teams whose policy is {@code suspend} and whose budget is spent, with the reason their jobs get. */
    public static Map<String, String> spentTeams(Map<String, TeamQuota> quotas, Map<String, TeamUsage> usage) {
        Map<String, String> spent = new java.util.TreeMap<>();
        for (TeamQuota quota : quotas.values()) {
            if (quota.budgetPolicy() != BudgetPolicy.SUSPEND || quota.gpuHoursBudget() == null) {
                continue;
            }
            double used = usage.getOrDefault(quota.team(), TeamUsage.NONE).gpuHours();
            if (used >= quota.gpuHoursBudget()) {
                spent.put(quota.team(), "team " + quota.team() + " spent its GPU-hour budget: " + QuotaGate.fmt(used)
                        + " of " + QuotaGate.fmt(quota.gpuHoursBudget())
                        + " h used in its window; suspended until the window frees budget");
            }
        }
        return spent;
    }
}
