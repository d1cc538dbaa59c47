package io.mesoflow.monitor.app;

import io.mesoflow.events.KillTaskRequested;
import io.mesoflow.events.RelaunchTaskRequested;
import io.mesoflow.events.TaskName;
import io.mesoflow.events.Topics;
import io.mesoflow.monitor.MonitorConfig;
import io.mesoflow.monitor.core.EvaluatorGrace;
import io.mesoflow.monitor.core.JobRecord;
import io.mesoflow.monitor.core.JobSupervisor;
import io.mesoflow.monitor.core.JobSuspender;
import io.mesoflow.monitor.core.Outcome;
import io.mesoflow.service.Outbox;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * What happens with time rather than events: relaunches whose back-off ran out are requested from
 * placement, jobs past their deadline fail, tasks stuck before RUNNING are killed and relaunched,
 * TensorBoards whose linger after the job's end ran out are killed, and jobs whose evaluator's grace
 * after training ran out end (the deadline is stored with the job, so a restart keeps it), and a
 * suspending job whose tasks outlived their grace and the kill timeout gets its kills again.
 * Suspending and suspended jobs have no relaunches, stuck tasks or deadlines.
 * Rows are claimed with {@code FOR UPDATE SKIP LOCKED}, so several monitor instances never act
 * twice; a crash before commit leaves the row due, so nothing is lost.
 */
@ApplicationScoped
public class MonitorTicker {
    private static final Logger LOG = Logger.getLogger(MonitorTicker.class);
    private static final String ENDED = "'SUCCEEDED','FAILED','CANCELLED'";
    private static final String ENDED_OR_SUSPENDED = ENDED + ",'SUSPENDING','SUSPENDED'";

    @Inject
    EntityManager entityManager;

    @Inject
    JobRecords records;

    @Inject
    OutcomeApplier applier;

    @Inject
    Outbox outbox;

    @Inject
    MonitorConfig config;

    private volatile boolean running;
    private Thread thread;

    void start(@Observes StartupEvent event) {
        running = true;
        thread = new Thread(this::loop, "monitor-ticker");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        if (thread != null) {
            thread.interrupt();
            thread.join(5_000);
        }
    }

    private void loop() {
        while (running) {
            try {
                Thread.sleep(config.tickInterval().toMillis());
                QuarkusTransaction.requiringNew().run(this::requestDueRelaunches);
                QuarkusTransaction.requiringNew().run(this::failJobsPastDeadline);
                QuarkusTransaction.requiringNew().run(this::relaunchStuckTasks);
                QuarkusTransaction.requiringNew().run(this::killLingeringTasks);
                QuarkusTransaction.requiringNew().run(this::endEvaluatorGraces);
                QuarkusTransaction.requiringNew().run(this::resendSuspendKills);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warnf("monitor tick failed, retrying: %s", e.getMessage());
            }
        }
    }

    @SuppressWarnings("unchecked")
    void requestDueRelaunches() {
        List<TaskRuntimeEntity> due = entityManager.createNativeQuery(
                "SELECT t.* FROM task_runtime t JOIN job_runtime j ON j.job_id = t.job_id "
                        + "WHERE t.relaunch_due_at <= now() "
                        + "AND j.state NOT IN (" + ENDED_OR_SUSPENDED + ") "
                        + "AND j.evaluator_grace_until IS NULL "
                        + "ORDER BY t.relaunch_due_at LIMIT 100 FOR UPDATE OF t SKIP LOCKED", TaskRuntimeEntity.class)
                .getResultList();
        for (TaskRuntimeEntity task : due) {
            JobRuntimeEntity job = JobRuntimeEntity.findById(task.jobId);
            outbox.add(Topics.CONTROL, new RelaunchTaskRequested(task.jobId, task.taskName, task.attempt, job.revision,
                    task.agentId, task.relaunchReason));
            task.relaunchDueAt = null;
        }
    }

    @SuppressWarnings("unchecked")
    void killLingeringTasks() {
        List<TaskRuntimeEntity> due = entityManager.createNativeQuery(
                "SELECT * FROM task_runtime WHERE kill_due_at <= now() LIMIT 100 FOR UPDATE SKIP LOCKED",
                TaskRuntimeEntity.class).getResultList();
        for (TaskRuntimeEntity task : due) {
            outbox.add(Topics.CONTROL, new KillTaskRequested(task.jobId, task.taskName, task.attempt, task.taskId,
                    task.agentId, "its job ended " + config.tensorboardLinger().toMinutes() + " min ago"));
            task.killDueAt = null;
        }
    }

    void failJobsPastDeadline() {
        applyToJobsDue("deadline_at", ENDED_OR_SUSPENDED, JobSupervisor::onDeadline);
    }

    void resendSuspendKills() {
        applyToJobsDue("resend_kills_at", ENDED, job -> JobSuspender.resendKills(job, applier.suspendSettings()));
    }

    void endEvaluatorGraces() {
        applyToJobsDue("evaluator_grace_until", ENDED_OR_SUSPENDED,
                job -> EvaluatorGrace.expire(job, config.evaluatorGrace()));
    }

    /**
     * Claims the jobs not in {@code states} whose {@code dueColumn} has passed and applies what
     * {@code decide} makes of each.
     */
    @SuppressWarnings("unchecked")
    private void applyToJobsDue(String dueColumn, String states, Function<JobRecord, Outcome> decide) {
        List<String> due = entityManager.createNativeQuery(
                "SELECT job_id FROM job_runtime WHERE " + dueColumn + " <= now() "
                        + "AND state NOT IN (" + states + ") LIMIT 100 FOR UPDATE SKIP LOCKED")
                .getResultList();
        for (String jobId : due) {
            records.lock(jobId).ifPresent(job -> applier.apply(job, decide.apply(job)));
        }
    }

    @SuppressWarnings("unchecked")
    void relaunchStuckTasks() {
        Instant before = Instant.now().minus(config.stuckTimeout());
        List<Object[]> stuck = entityManager.createNativeQuery(
                "SELECT t.job_id, t.task_name FROM task_runtime t JOIN job_runtime j ON j.job_id = t.job_id "
                        + "WHERE t.state IN ('STAGING','STARTING') AND t.updated_at < ?1 "
                        + "AND j.state NOT IN (" + ENDED_OR_SUSPENDED + ") LIMIT 100 FOR UPDATE OF t SKIP LOCKED")
                .setParameter(1, before)
                .getResultList();
        for (Object[] row : stuck) {
            String jobId = (String) row[0];
            TaskName taskName = TaskName.parse((String) row[1]);
            records.lock(jobId).ifPresent(job -> applier.apply(job, JobSupervisor.onStuck(job, taskName,
                    Duration.between(before, Instant.now()).plus(config.stuckTimeout()), applier.restartSettings())));
        }
    }
}
