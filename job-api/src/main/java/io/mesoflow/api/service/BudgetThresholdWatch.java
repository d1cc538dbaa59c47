package io.mesoflow.api.service;

import io.mesoflow.api.ApiConfig;
import io.mesoflow.api.model.TeamEntity;
import io.mesoflow.events.GpuBudgetThresholdReached;
import io.mesoflow.events.Topics;
import io.mesoflow.service.Outbox;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;

/**
 * Raises {@link GpuBudgetThresholdReached} on {@code mesoflow.teams} (through the outbox) once per
 * crossing: when a team's GPU-hours in its window reach {@code mesoflow.api.budget.warning-threshold}
 * of its budget; the crossing is stored on the team (a restart or a second instance does not raise
 * it again) and cleared when usage drops back under.
 */
@ApplicationScoped
public class BudgetThresholdWatch {
    @Inject
    ApiConfig config;

    @Inject
    TeamGpuUsage usage;

    @Inject
    Outbox outbox;

    @Scheduled(every = "${mesoflow.api.budget.check-interval}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void checkAll() {
        teamsWithBudgets().forEach(this::check);
    }

    @Transactional
    List<String> teamsWithBudgets() {
        return TeamEntity.<TeamEntity>list("gpuHoursBudget is not null and gpuHoursBudget > 0").stream()
                .map(t -> t.name).toList();
    }

    /** Checks one team now; returns what it found. */
    @Transactional
    public BudgetThreshold.Crossing check(String name) {
        TeamEntity team = TeamEntity.findById(name, LockModeType.PESSIMISTIC_WRITE);
        if (team == null) {
            return BudgetThreshold.Crossing.NONE;
        }
        Instant now = Instant.now();
        double used = usage.gpuHours(team, now);
        double threshold = config.budget().warningThreshold();
        BudgetThreshold.Crossing crossing = BudgetThreshold.crossing(team.budgetThresholdReachedAt != null, used,
                team.gpuHoursBudget, threshold);
        switch (crossing) {
            case REACHED -> {
                team.budgetThresholdReachedAt = now;
                outbox.add(Topics.TEAMS, new GpuBudgetThresholdReached(team.name, team.gpuHoursBudget, used, threshold,
                        team.policy(), now));
            }
            case CLEARED -> team.budgetThresholdReachedAt = null;
            case NONE -> {
            }
        }
        return crossing;
    }
}
