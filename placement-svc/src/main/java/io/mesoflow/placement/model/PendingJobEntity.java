package io.mesoflow.placement.model;

import io.mesoflow.events.EventCodec;
import io.mesoflow.events.JobSubmitted;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A job placement knows of: waiting (PENDING), placed, suspended (SUSPENDED: out of the queue
 * until resumed), or cancelled before it was placed. A placed job being suspended is PLACED with
 * its suspension set.
 */
@Entity
@Table(name = "pending_jobs")
public class PendingJobEntity extends PanacheEntityBase {
    public static final String PENDING = "PENDING";
    public static final String PLACED = "PLACED";
    public static final String CANCELLED = "CANCELLED";
    /** Monitor ended the job (succeeded, failed, cancelled): nothing of it is placed any more. */
    public static final String ENDED = "ENDED";
    /** Suspended and not in the queue: waits for a resume (or, queued when suspended, for its SUSPENDED). */
    public static final String SUSPENDED = "SUSPENDED";

    @Id
    @Column(name = "job_id")
    public String jobId;
    public int revision;
    @Column(columnDefinition = "text")
    public String spec;
    public String team;
    public int priority;
    @Column(name = "submitted_at")
    public Instant submittedAt;
    public String status;
    @Column(name = "last_reason")
    public String lastReason;
    @Column(name = "last_position")
    public Integer lastPosition;
    @Column(name = "placed_at")
    public Instant placedAt;
    /** The suspension asked for (SuspendCause wire name); null: not suspending or suspended. */
    @Column(name = "suspend_cause")
    public String suspendCause;
    @Column(name = "suspend_requested_by")
    public String suspendRequestedBy;
    @Column(name = "suspend_requested_at")
    public Instant suspendRequestedAt;
    /** The Suspension as JSON (the latest seen: the request's, then the SUSPENDED status's). */
    @Column(columnDefinition = "text")
    public String suspension;
    /**
     * A user's resume that came before the job was SUSPENDED (the status travels on another topic):
     * applied when SUSPENDED comes, if it is later than the suspend request.
     */
    @Column(name = "resume_requested_at")
    public Instant resumeRequestedAt;
    /**
     * The latest SUSPENDED placement handled (its timestamp); never cleared. The same status read
     * again (a redelivery after a rebalance) is then known, even once the job was placed again.
     */
    @Column(name = "last_suspended_at")
    public Instant lastSuspendedAt;
    /** Re-queued by placement after an automatic suspend; the next pass announces it. */
    public boolean requeued;

    /** Whether a suspend was asked for and the job has not been placed since. */
    public boolean suspending() {
        return suspendRequestedAt != null;
    }

    public void clearSuspension() {
        suspendCause = null;
        suspendRequestedBy = null;
        suspendRequestedAt = null;
        suspension = null;
        resumeRequestedAt = null;
        requeued = false;
    }

    /** A job just submitted: waiting to be placed. */
    public static PendingJobEntity pending(JobSubmitted submitted) {
        PendingJobEntity job = new PendingJobEntity();
        job.jobId = submitted.jobId();
        job.revision = submitted.revision();
        job.spec = EventCodec.json(submitted.spec());
        job.team = submitted.spec().team();
        job.priority = submitted.spec().priority();
        job.submittedAt = submitted.submittedAt();
        job.status = PENDING;
        return job;
    }
}
