package io.mesoflow.api.service;

import io.mesoflow.api.model.SqlTimes;
import io.mesoflow.api.model.TeamEntity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;

/** The GPU use of a team's attempts that ended inside its budget's window (job-api's read model). */
@ApplicationScoped
public class TeamGpuUsage {
    @Inject
    EntityManager entityManager;

    /** The window's uses, by end time. */
    @Transactional
    public List<GpuBurnDown.Use> uses(TeamEntity team, Instant now) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("""
                SELECT a.ended_at, a.gpu_seconds FROM task_attempts a JOIN jobs j ON j.id = a.job_id
                WHERE j.team = ?1 AND a.ended_at >= ?2 AND a.gpu_seconds > 0 ORDER BY a.ended_at""")
                .setParameter(1, team.name).setParameter(2, windowStart(team, now)).getResultList();
        return rows.stream().map(r -> new GpuBurnDown.Use(SqlTimes.instant(r[0]), ((Number) r[1]).doubleValue()))
                .toList();
    }

    /** GPU-hours used in the window. */
    public double gpuHours(TeamEntity team, Instant now) {
        return uses(team, now).stream().mapToDouble(GpuBurnDown.Use::gpuSeconds).sum() / 3600;
    }

    public static Instant windowStart(TeamEntity team, Instant now) {
        return now.minus(team.window());
    }
}
