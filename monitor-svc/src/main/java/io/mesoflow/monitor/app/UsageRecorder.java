package io.mesoflow.monitor.app;

import io.mesoflow.events.TaskState;
import io.mesoflow.events.TaskStatusChanged;
import io.mesoflow.events.TaskUsageRecorded;
import io.mesoflow.events.Topics;
import io.mesoflow.service.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Accounting: an attempt's CPU- and GPU-seconds run from its RUNNING status to its end; each is
 * emitted once as TaskUsageRecorded (job-api keeps it in the history, budgets add it up per team).
 * An attempt starts at its first RUNNING status: a later one (e.g. {@code ready=true} once its port
 * accepts connections) is no new start and leaves the start as it was.
 */
@ApplicationScoped
public class UsageRecorder {
    @Inject
    EntityManager entityManager;

    @Inject
    Outbox outbox;

    @Transactional(Transactional.TxType.MANDATORY)
    public void record(TaskStatusChanged status, String team) {
        if (status.state() == TaskState.RUNNING && status.resources() != null) {
            entityManager.createNativeQuery("INSERT INTO task_usage (job_id, task_name, attempt, cpus, gpus, started_at) "
                            + "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO NOTHING")
                    .setParameter(1, status.jobId()).setParameter(2, status.taskName()).setParameter(3, status.attempt())
                    .setParameter(4, status.resources().cpus()).setParameter(5, status.resources().gpus())
                    .setParameter(6, Timestamp.from(status.timestamp()))
                    .executeUpdate();
        } else if (status.state().isTerminal()) {
            @SuppressWarnings("unchecked")
            List<Object[]> rows = entityManager.createNativeQuery("UPDATE task_usage SET ended_at = ?4 "
                            + "WHERE job_id = ?1 AND task_name = ?2 AND attempt = ?3 AND ended_at IS NULL "
                            + "RETURNING cpus, gpus, started_at")
                    .setParameter(1, status.jobId()).setParameter(2, status.taskName()).setParameter(3, status.attempt())
                    .setParameter(4, Timestamp.from(status.timestamp()))
                    .getResultList();
            for (Object[] row : rows) {
                double cpus = ((Number) row[0]).doubleValue();
                int gpus = ((Number) row[1]).intValue();
                Instant started = toInstant(row[2]);
                double seconds = Math.max(0, Duration.between(started, status.timestamp()).toMillis() / 1000.0);
                outbox.add(Topics.JOB_STATUS, new TaskUsageRecorded(status.jobId(), team, status.taskName(),
                        status.attempt(), cpus, gpus, started, status.timestamp(), cpus * seconds, gpus * seconds));
            }
        }
    }

    private static Instant toInstant(Object value) {
        if (value instanceof Timestamp timestamp) {
            return timestamp.toInstant();
        }
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof java.time.OffsetDateTime odt) {
            return odt.toInstant();
        }
        throw new IllegalStateException("unexpected timestamp type " + value.getClass());
    }
}
