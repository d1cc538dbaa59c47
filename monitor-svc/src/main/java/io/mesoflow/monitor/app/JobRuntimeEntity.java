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
}
