package io.mesoflow.api.messaging;

import io.mesoflow.api.model.JobEntity;
import io.mesoflow.api.model.JobEventEntity;
import io.mesoflow.api.model.JobStateRules;
import io.mesoflow.api.model.JobSuspension;
import io.mesoflow.events.JobState;
import io.mesoflow.events.SuspendCause;
import io.mesoflow.events.Suspension;
import io.mesoflow.api.model.TaskAttemptEntity;
import io.mesoflow.events.JobStatusChanged;
import io.mesoflow.events.MesoflowEvent;
import io.mesoflow.events.TaskState;
import io.mesoflow.events.TaskStatusChanged;
import io.mesoflow.events.TaskUsageRecorded;
import io.mesoflow.service.EventInbox;
import io.mesoflow.service.OrderedLocks;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/** Keeps the job and task read model up to date from status events; idempotent. */
@ApplicationScoped
public class ReadModelUpdater {
    private static final Logger LOG = Logger.getLogger(ReadModelUpdater.class);

    @Inject
    EventInbox inbox;

    @Inject
    jakarta.persistence.EntityManager entityManager;

    /**
     * Task statuses come a poll at a time ({@code batch=true} on the channel) and are folded in one
     * transaction, in partition order: a burst of statuses costs one commit, not one each.
     */
    @Incoming("task-status")
    @Blocking
    public CompletionStage<Void> onTaskStatuses(KafkaRecordBatch<String, String> batch) {
        return inbox.inOneTransaction(batch, batch.getRecords(), this::lockJobs, this::apply);
    }

    /** Job statuses and usage, a poll at a time in one transaction, as task statuses. */
    @Incoming("job-status")
    @Blocking
    public CompletionStage<Void> onJobStatuses(KafkaRecordBatch<String, String> batch) {
        return inbox.inOneTransaction(batch, batch.getRecords(), this::lockJobs, this::apply);
    }

    /**
     * Takes the batch's jobs' locks first, in one order: the two channels' batches (one instance's or
     * two instances') lock several jobs' rows each, and without this two of them could wait on each
     * other's rows in a cycle. Should a batch still fail (a deadlock with a one-row transaction, the
     * database down), {@link EventInbox#inOneTransaction} handles its records one by one.
     */
    void lockJobs(java.util.List<MesoflowEvent> events) {
        OrderedLocks.lockKeys(entityManager, "api-job", events);
    }

    void apply(MesoflowEvent event) {
        if (event instanceof TaskStatusChanged status) {
            applyTask(status);
        } else if (event instanceof JobStatusChanged status) {
            applyJob(status);
        } else if (event instanceof TaskUsageRecorded usage) {
            applyUsage(usage);
        }
    }

    private void applyUsage(TaskUsageRecorded usage) {
        TaskAttemptEntity attempt = lockedAttempt(usage.jobId(), usage.taskName(), usage.attempt());
        if (attempt == null) {
            if (JobEntity.findById(usage.jobId()) == null) {
                return;
            }
            // usage (on job-status) can overtake the attempt's statuses (on task-status): keep it on a
            // placeholder that those statuses complete
            attempt = new TaskAttemptEntity();
            attempt.jobId = usage.jobId();
            attempt.taskName = usage.taskName();
            attempt.attempt = usage.attempt();
            attempt.state = TaskState.STAGING;
            attempt.updatedAt = usage.startedAt();
        }
        attempt.cpuSeconds = usage.cpuSeconds();
        attempt.gpuSeconds = usage.gpuSeconds();
        attempt.persist();
    }

    private void applyJob(JobStatusChanged status) {
        JobEntity job = JobEntity.findById(status.jobId());
        if (job == null) {
            LOG.debugf("status for unknown job %s ignored", status.jobId());
            return;
        }
        JobSuspension suspension = JobSuspension.parse(job.suspension);
        boolean resumeAwaited = JobStateRules.isSuspended(job.state) && suspension != null && suspension.byUser()
                && job.resumeRequestedAt == null;
        if (!JobStateRules.jobAccepts(job.state, job.cycleAt, status.state(), status.timestamp(), resumeAwaited)) {
            return;
        }
        JobState before = job.state;
        JobSuspension shown = null;
        if (JobStateRules.isBoundary(before, status.state())) {
            job.cycleAt = status.timestamp();
        }
        if (JobStateRules.isSuspended(status.state())) {
            // SUSPENDING then SUSPENDED are one suspension: its start and first reason are kept
            boolean same = JobStateRules.isSuspended(before) && suspension != null;
            if (!same || status.suspension() != null) {
                String reason = same && suspension.reason() != null ? suspension.reason() : status.reason();
                Instant at = same ? suspension.at() : status.timestamp();
                suspension = JobSuspension.of(status.suspension() != null ? status.suspension()
                        : new Suspension(SuspendCause.USER, null, null, null, null), reason, at);
                job.suspension = suspension.json();
            }
            shown = suspension;
        } else if (JobStateRules.isResume(before, status.state()) && suspension != null) {
            suspension = suspension.resumed(status.timestamp());
            job.suspension = suspension.json();
            job.resumeRequestedAt = null;
            shown = suspension;
        }
        if (job.state != status.state() || !java.util.Objects.equals(job.reason, status.reason())) {
            String message = status.reason();
            if (shown != null) {
                String what = shown.resumedAt() != null ? "resumed after a suspension (" + shown.describe() + ")"
                        : "suspension: " + shown.describe();
                message = message == null || message.isBlank() ? what : message + " [" + what + "]";
            }
            JobEventEntity line = JobEventEntity.record(job.id, status.timestamp(), "JOB", null, null,
                    status.state().name(), message);
            line.suspension = shown == null ? null : shown.json();
        }
        job.state = status.state();
        job.reason = status.reason();
        job.queuePosition = status.queuePosition();
        job.updatedAt = status.timestamp();
        if (status.state().isTerminal()) {
            job.endedAt = status.timestamp();
        }
    }

    private void applyTask(TaskStatusChanged status) {
        if (JobEntity.findById(status.jobId()) == null) {
            return;
        }
        TaskAttemptEntity attempt = lockedAttempt(status.jobId(), status.taskName(), status.attempt());
        if (attempt == null) {
            attempt = new TaskAttemptEntity();
            attempt.jobId = status.jobId();
            attempt.taskName = status.taskName();
            attempt.attempt = status.attempt();
        } else if (!JobStateRules.taskAccepts(attempt.state, status.state())) {
            return;
        }
        JobEventEntity.record(status.jobId(), status.timestamp(), "TASK", status.taskName(), status.attempt(),
                status.state().name(), status.message() != null ? status.message() : status.reason());
        attempt.taskId = status.taskId();
        attempt.state = status.state();
        attempt.reason = status.reason();
        attempt.message = status.message();
        attempt.exitCode = status.exitCode() != null ? status.exitCode() : attempt.exitCode;
        attempt.agentId = status.agentId() != null ? status.agentId() : attempt.agentId;
        attempt.hostname = status.hostname() != null ? status.hostname() : attempt.hostname;
        if (!status.ports().isEmpty()) {
            attempt.ports = status.ports().stream().map(String::valueOf).collect(Collectors.joining(","));
        }
        attempt.sandbox = status.sandbox() != null ? status.sandbox() : attempt.sandbox;
        attempt.agentUrl = status.agentUrl() != null ? status.agentUrl() : attempt.agentUrl;
        attempt.ready = JobStateRules.readiness(attempt.ready, status.state(), status.ready());
        if (status.state() == TaskState.RUNNING && attempt.startedAt == null) {
            attempt.startedAt = status.timestamp();
        }
        if (status.state().isTerminal()) {
            attempt.endedAt = status.timestamp();
        }
        attempt.updatedAt = status.timestamp();
        attempt.persist();
    }

    /**
     * The attempt's row, locked: status (task-status) and usage (job-status) for one attempt are
     * applied by two consumers at once, and an unlocked read-modify-write would let one overwrite
     * the other's columns.
     */
    private static TaskAttemptEntity lockedAttempt(String jobId, String taskName, int attempt) {
        return TaskAttemptEntity.<TaskAttemptEntity>find("jobId = ?1 and taskName = ?2 and attempt = ?3", jobId, taskName,
                attempt).withLock(jakarta.persistence.LockModeType.PESSIMISTIC_WRITE).firstResult();
    }
}
