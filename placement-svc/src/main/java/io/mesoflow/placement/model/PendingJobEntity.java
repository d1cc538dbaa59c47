package io.mesoflow.placement.model;

import io.mesoflow.events.EventCodec;
import io.mesoflow.events.JobSubmitted;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A job placement knows of: waiting (PENDING), placed, or cancelled before it was placed. */
@Entity
@Table(name = "pending_jobs")
public class PendingJobEntity extends PanacheEntityBase {
    public static final String PENDING = "PENDING";
    public static final String PLACED = "PLACED";
    public static final String CANCELLED = "CANCELLED";
    /** Monitor ended the job (succeeded, failed, cancelled): nothing of it is placed any more. */
    public static final String ENDED = "ENDED";

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
