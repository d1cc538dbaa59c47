package io.mesoflow.api.service;

import io.mesoflow.api.audit.AuditKind;
import io.mesoflow.api.audit.AuditLog;
import io.mesoflow.api.auth.Caller;
import io.mesoflow.api.model.JobEntity;
import io.mesoflow.api.model.JobEventEntity;
import io.mesoflow.api.model.JobProgressEntity;
import io.mesoflow.api.model.JobSuspension;
import io.mesoflow.events.EventCodec;
import io.mesoflow.events.JobResumeRequested;
import io.mesoflow.events.JobSpec;
import io.mesoflow.events.JobState;
import io.mesoflow.events.JobSuspendRequested;
import io.mesoflow.events.SuspendCause;
import io.mesoflow.events.Suspension;
import io.mesoflow.events.Topics;
import io.mesoflow.service.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.NotFoundException;
import java.time.Instant;

/**
 * A user's suspend and resume (REST, console, Kafka commands): the request goes out on
 * {@code mesoflow.jobs} through the outbox, with a timeline line and an audit entry, in one
 * transaction. monitor-svc carries a suspend out; placement-svc re-queues a resumed job.
 */
@ApplicationScoped
public class JobSuspensions {
    /** What a request did: {@code changed} false when the job already was where it asked (a no-op). */
    public record Outcome(JobEntity job, boolean changed) {
    }

    @Inject
    Outbox outbox;

    @Inject
    AuditLog audit;

    /**
     * Suspends the job: a no-op when it is already suspending or suspended, a 409 when it has
     * ended. {@code gracePeriodSeconds} null: the job's own, else the cluster's default.
     */
    @Transactional
    public Outcome suspend(String id, Caller caller, String reason, Long gracePeriodSeconds) {
        JobEntity job = locked(id);
        if (job.state.isTerminal()) {
            throw new ConflictException("job " + id + " has ended (" + job.state + "); it cannot be suspended");
        }
        if (job.state == JobState.SUSPENDING || job.state == JobState.SUSPENDED) {
            return new Outcome(job, false);
        }
        Instant now = Instant.now();
        String by = caller.subject() == null ? "unknown" : caller.subject();
        JobProgressEntity progress = JobProgressEntity.findById(id);
        JobSpec spec = EventCodec.fromJson(job.spec, JobSpec.class);
        Suspension suspension = new Suspension(SuspendCause.USER, by, gracePeriodSeconds,
                progress == null ? null : CheckpointLoss.gpuHoursSince(spec, progress.checkpointAt, now),
                progress == null ? null : progress.checkpointStep);
        String why = reason == null || reason.isBlank() ? "suspended by " + by : reason;
        JobEventEntity line = JobEventEntity.record(id, now, "JOB", null, null, "SUSPEND_REQUESTED", why);
        line.suspension = JobSuspension.of(suspension, why, now).json();
        outbox.add(Topics.JOBS, new JobSuspendRequested(id, suspension, why, now));
        audit.record(AuditKind.JOB_SUSPEND_REQUESTED, caller, job.team, "job " + id,
                why + (gracePeriodSeconds == null ? "" : " (grace " + gracePeriodSeconds + " s)"));
        return new Outcome(job, true);
    }

    /**
     * Resumes a job a user suspended: a 409 unless it is SUSPENDED by a user (still suspending;
     * preempted or budget-suspended jobs are re-queued by placement; not suspended at all); a
     * no-op when a resume was already asked for.
     */
    @Transactional
    public Outcome resume(String id, Caller caller, String reason) {
        JobEntity job = locked(id);
        if (job.state.isTerminal()) {
            throw new ConflictException("job " + id + " has ended (" + job.state + "); it cannot be resumed");
        }
        if (job.state == JobState.SUSPENDING) {
            throw new ConflictException("job " + id + " is still suspending: its tasks are checkpointing; "
                    + "resume it once it is SUSPENDED");
        }
        if (job.state != JobState.SUSPENDED) {
            throw new ConflictException("job " + id + " is not suspended (" + job.state + ")");
        }
        JobSuspension suspension = JobSuspension.parse(job.suspension);
        if (suspension != null && !suspension.byUser()) {
            throw new ConflictException("job " + id + " was suspended by " + suspension.cause().wireName()
                    + "; it goes back to the queue by itself when " + (suspension.cause() == SuspendCause.BUDGET
                    ? "its team's budget window frees GPU-hours" : "resources return"));
        }
        if (job.resumeRequestedAt != null) {
            return new Outcome(job, false);
        }
        Instant now = Instant.now();
        String by = caller.subject() == null ? "unknown" : caller.subject();
        String why = reason == null || reason.isBlank() ? "resumed by " + by : reason;
        job.resumeRequestedAt = now;
        JobEventEntity.record(id, now, "JOB", null, null, "RESUME_REQUESTED", why);
        outbox.add(Topics.JOBS, new JobResumeRequested(id, by, why, now));
        audit.record(AuditKind.JOB_RESUME_REQUESTED, caller, job.team, "job " + id, why);
        return new Outcome(job, true);
    }

    private static JobEntity locked(String id) {
        JobEntity job = JobEntity.findById(id, LockModeType.PESSIMISTIC_WRITE);
        if (job == null) {
            throw new NotFoundException("no job '" + id + "'");
        }
        return job;
    }
}
