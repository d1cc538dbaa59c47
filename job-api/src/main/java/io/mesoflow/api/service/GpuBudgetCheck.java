package io.mesoflow.api.service;

import io.mesoflow.api.eta.GpuHourProjection;
import io.mesoflow.api.eta.GpuUsage;
import io.mesoflow.api.model.JobEntity;
import io.mesoflow.api.model.JobEventEntity;
import io.mesoflow.api.model.JobProgressEntity;
import io.mesoflow.api.model.SqlTimes;
import io.mesoflow.api.model.TeamEntity;
import io.mesoflow.events.GpuBudgetWarning;
import io.mesoflow.events.JobSpec;
import io.mesoflow.events.Topics;
import io.mesoflow.service.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Projects a job's GPU-hours when its progress is recorded (GpuHourProjection), keeps the result on
 * its progress row, and raises a budget warning once (a {@code GpuBudgetWarning} on
 * {@code mesoflow.progress} through the outbox and a {@code BUDGET} timeline entry, in the
 * caller's transaction) until the projection is back under the team's remaining budget.
 */
@ApplicationScoped
public class GpuBudgetCheck {
    /** The timeline kind of a budget warning. */
    public static final String TIMELINE_KIND = "BUDGET";

    @Inject
    EntityManager entityManager;

    @Inject
    Outbox outbox;

    /** Updates the row's projection; needs a transaction. */
    public void check(JobEntity job, JobProgressEntity row, Instant now) {
        JobSpec spec = JobSpecs.parse(job.spec);
        TeamEntity team = TeamEntity.findById(job.team);
        GpuHourProjection.Budget budget = team == null || team.gpuHoursBudget == null ? null
                : new GpuHourProjection.Budget(team.gpuHoursBudget, team.windowHours);
        Duration window = team == null ? Duration.ofHours(168) : team.window();
        Map<String, List<GpuUsage.Attempt>> attempts = attemptsOf(job, spec, now.minus(window));
        double used = GpuUsage.hours(attempts.getOrDefault(job.id, List.of()), now);
        double teamUsed = GpuUsage.hoursInWindow(attempts.values().stream().flatMap(List::stream).toList(), now, window);
        int gpus = io.mesoflow.api.eta.Demand.of(spec).gpus();
        GpuHourProjection.Projection projection = GpuHourProjection.project(job.team, used, gpus, row.finishEta, now,
                budget, teamUsed);
        GpuHourProjection.Alarm alarm = job.state.isTerminal() ? GpuHourProjection.Alarm.KEEP
                : GpuHourProjection.Alarm.decide(row.budgetWarning != null, projection);
        row.gpuHoursUsed = projection.used();
        row.gpuHoursProjected = projection.projected();
        row.teamRemainingHours = projection.teamRemaining();
        switch (alarm) {
            case RAISE -> raise(job, row, projection, budget, now);
            case CLEAR -> row.budgetWarning = null;
            case KEEP -> {
                if (row.budgetWarning != null && projection.overBudget()) {
                    row.budgetWarning = projection.warning();
                }
            }
        }
    }

    private void raise(JobEntity job, JobProgressEntity row, GpuHourProjection.Projection projection,
                       GpuHourProjection.Budget budget, Instant now) {
        row.budgetWarning = projection.warning();
        outbox.add(Topics.PROGRESS, new GpuBudgetWarning(job.id, job.team, budget.gpuHours(), projection.teamRemaining(),
                projection.toGo(), row.finishEta, now));
        JobEventEntity.record(job.id, now, TIMELINE_KIND, null, null, "WARNING", "GPU-hour budget: job "
                + projection.warning());
    }

    /**
     * The GPU attempts of the job (all of them) and of its team's jobs (those that ran inside the
     * window), by job id: two queries, one for attempts and one for the specs of their jobs, each
     * spec text decoded once across records ({@link JobSpecs#parse}).
     */
    @SuppressWarnings("unchecked")
    private Map<String, List<GpuUsage.Attempt>> attemptsOf(JobEntity job, JobSpec spec, Instant windowStart) {
        List<Object[]> rows = entityManager.createNativeQuery("""
                        SELECT a.job_id, a.task_name, a.started_at, a.ended_at, a.gpu_seconds
                        FROM task_attempts a JOIN jobs j ON j.id = a.job_id
                        WHERE j.team = ?1 AND (a.job_id = ?2 OR a.ended_at IS NULL OR a.ended_at >= ?3)
                          AND (a.started_at IS NOT NULL OR a.gpu_seconds IS NOT NULL)""")
                .setParameter(1, job.team).setParameter(2, job.id).setParameter(3, windowStart).getResultList();
        Set<String> jobIds = new HashSet<>();
        rows.forEach(r -> jobIds.add((String) r[0]));
        Map<String, JobSpec> specs = new HashMap<>();
        specs.put(job.id, spec);
        jobIds.remove(job.id);
        if (!jobIds.isEmpty()) {
            List<Object[]> specRows = entityManager.createNativeQuery("SELECT id, spec FROM jobs WHERE id = ANY(?1)")
                    .setParameter(1, jobIds.toArray(String[]::new)).getResultList();
            for (Object[] s : specRows) {
                try {
                    specs.put((String) s[0], JobSpecs.parse((String) s[1]));
                } catch (RuntimeException e) {
                    // a spec that no longer reads counts no GPUs for its running attempts
                }
            }
        }
        Map<String, List<GpuUsage.Attempt>> byJob = new HashMap<>();
        for (Object[] r : rows) {
            JobSpec owner = specs.get((String) r[0]);
            int gpus = owner == null ? 0 : JobSpecs.gpusOf(owner, (String) r[1]);
            Double gpuSeconds = r[4] == null ? null : ((Number) r[4]).doubleValue();
            if (gpus == 0 && (gpuSeconds == null || gpuSeconds == 0)) {
                continue;
            }
            byJob.computeIfAbsent((String) r[0], k -> new ArrayList<>())
                    .add(new GpuUsage.Attempt(gpus, SqlTimes.instant(r[2]), SqlTimes.instant(r[3]), gpuSeconds));
        }
        return byJob;
    }
}
