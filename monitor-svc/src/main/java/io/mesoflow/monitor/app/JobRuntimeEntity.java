package io.mesoflow.monitor.app;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A job monitor supervises. */
@Entity
@Table(name = "job_runtime")
public class JobRuntimeEntity extends PanacheEntityBase {
    @Id
    @Column(name = "job_id")
    public String jobId;
    public int revision;
    @Column(columnDefinition = "text")
    public String spec;
    public String state;
    public String reason;
    @Column(name = "updated_at")
    public Instant updatedAt;
    /** Relaunches so far, of any task (backoffLimit counts these). */
    public int relaunches;
    /** When the job fails for running too long (activeDeadlineSeconds after it started launching). */
    @Column(name = "deadline_at")
    public Instant deadlineAt;
    /** Training finished: when the evaluator's grace runs out (null: not waiting for an evaluator). */
    @Column(name = "evaluator_grace_until")
    public Instant evaluatorGraceUntil;
    /** While SUSPENDING or SUSPENDED: the Suspension as JSON (cause, who, grace, cost); else null. */
    @Column(columnDefinition = "text")
    public String suspension;
    /** While SUSPENDING or SUSPENDED: who or what suspended the job and what it cost (the notice's text). */
    @Column(name = "suspension_reason", columnDefinition = "text")
    public String suspensionReason;
    /** While SUSPENDING: when the kills are sent again if its tasks have not all ended. */
    @Column(name = "resend_kills_at")
    public Instant resendKillsAt;
    /** When the job began suspending (its deadline is pushed back by the time spent suspended). */
    @Column(name = "suspended_at")
    public Instant suspendedAt;
}
