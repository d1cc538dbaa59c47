package io.mesoflow.events;

import java.time.Instant;
import java.util.Objects;

/**
 * A running job is projected to use more GPU-hours than its team has left in the budget's window
 * (its GPU-hours so far plus its GPUs for the time its finish ETA leaves). Published by job-api on
 * {@link Topics#PROGRESS}, keyed by job id, once per job and budget state; shown on the job's
 * timeline.
 *
 * @param budgetGpuHours    the team's GPU-hour budget over its window
 * @param remainingGpuHours what the team has left in the window now (may be negative)
 * @param projectedGpuHours what this job will still use until its finish ETA
 */
public record GpuBudgetWarning(String jobId, String team, double budgetGpuHours, double remainingGpuHours,
                               double projectedGpuHours, Instant finishEta, Instant warnedAt)
        implements MesoflowEvent {
    public GpuBudgetWarning {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(team, "team");
        Objects.requireNonNull(warnedAt, "warnedAt");
    }

    @Override
    public String key() {
        return jobId;
    }
}
