package io.mesoflow.placement.app;

import io.mesoflow.placement.core.GpuHours;
import io.mesoflow.placement.core.TeamQuota;
import io.mesoflow.placement.core.TeamUsage;
import io.mesoflow.placement.model.GpuIntervalEntity;
import io.mesoflow.placement.model.TeamQuotaEntity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Each team's quota and what it uses now: placed, unfinished tasks and GPU-hours in its budget window. */
@ApplicationScoped
public class TeamLedger {
    @Inject
    EntityManager entityManager;

    public Map<String, TeamQuota> quotas() {
        Map<String, TeamQuota> quotas = new HashMap<>();
        TeamQuotaEntity.<TeamQuotaEntity>listAll().forEach(q -> quotas.put(q.team,
                new TeamQuota(q.team, q.cpus, q.memMb, q.gpus, q.gpuHoursBudget, q.windowHours, q.window(),
                        q.budgetPolicy == null ? null : io.mesoflow.events.BudgetPolicy.fromWireName(q.budgetPolicy),
                        q.preemption == null ? null : io.mesoflow.events.PreemptionScope.fromWireName(q.preemption),
                        q.preemptBelowPriority)));
        return quotas;
    }

    @SuppressWarnings("unchecked")
    public Map<String, TeamUsage> usage(Map<String, TeamQuota> quotas, Instant now) {
        Map<String, TeamUsage> usage = new HashMap<>();
        List<Object[]> rows = entityManager.createNativeQuery("SELECT team, sum(cpus), sum(mem_mb), sum(gpus) "
                + "FROM placed_tasks WHERE ended_at IS NULL GROUP BY team").getResultList();
        for (Object[] row : rows) {
            usage.put((String) row[0], new TeamUsage(((Number) row[1]).doubleValue(), ((Number) row[2]).doubleValue(),
                    ((Number) row[3]).intValue(), 0));
        }
        for (TeamQuota quota : quotas.values()) {
            if (quota.gpuHoursBudget() == null) {
                continue;
            }
            Duration window = quota.window();
            List<GpuHours.Interval> intervals = GpuIntervalEntity.<GpuIntervalEntity>list(
                            "team = ?1 and (endedAt is null or endedAt > ?2)", quota.team(), now.minus(window))
                    .stream().map(i -> new GpuHours.Interval(i.gpus, i.startedAt, i.endedAt)).toList();
            TeamUsage held = usage.getOrDefault(quota.team(), TeamUsage.NONE);
            usage.put(quota.team(), new TeamUsage(held.cpus(), held.memMb(), held.gpus(),
                    GpuHours.used(intervals, now, window)));
        }
        return usage;
    }
}
