package io.mesoflow.api.rest;

import io.mesoflow.api.model.TeamEntity;
import java.time.Instant;

/**
 * A team as the API shows it: its quota (null: no limit) and what it uses now as job-api's read
 * model sees it. Placement enforces the quota; {@code gpuHoursUsed} counts finished attempts that
 * ended inside the window.
 */
public record TeamView(String name, Quota quota, Usage usage, Instant createdAt, Instant updatedAt) {
    public record Quota(Double cpus, Double memMb, Integer gpus, Double gpuHoursBudget, int windowHours,
                        Long windowSeconds, String budgetPolicy, String preemption, Integer preemptBelowPriority) {
    }

    public record Usage(long activeJobs, long queuedJobs, double gpuHoursUsed) {
    }

    static TeamView of(TeamEntity team, Usage usage) {
        return new TeamView(team.name, new Quota(team.cpus, team.memMb, team.gpus, team.gpuHoursBudget,
                team.windowHours, team.windowSeconds, team.policy().wireName(), team.preemption,
                team.preemptBelowPriority), usage, team.createdAt, team.updatedAt);
    }
}
