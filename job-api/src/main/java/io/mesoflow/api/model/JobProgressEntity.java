package io.mesoflow.api.model;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A job's latest training progress and GPU-hour projection, as recorded from JobProgress. Never
 * leaves the service: the API answers with ProgressView.
 */
@Entity
@Table(name = "job_progress")
public class JobProgressEntity extends PanacheEntityBase {
    @Id
    @Column(name = "job_id")
    public String jobId;
    @Column(name = "task_name")
    public String taskName;
    public int attempt;
    /** The ProgressSource's wire name. */
    public String source;
    public long step;
    @Column(name = "total_steps")
    public Long totalSteps;
    @Column(name = "steps_per_second")
    public Double stepsPerSecond;
    /** JSON object: tag to its latest value. */
    @Column(columnDefinition = "text")
    public String scalars;
    @Column(name = "checkpoint_step")
    public Long checkpointStep;
    @Column(name = "checkpoint_at")
    public Instant checkpointAt;
    @Column(name = "finish_eta")
    public Instant finishEta;
    @Column(name = "finish_eta_reason")
    public String finishEtaReason;
    @Column(name = "observed_at")
    public Instant observedAt;
    @Column(name = "gpu_hours_used")
    public Double gpuHoursUsed;
    @Column(name = "gpu_hours_projected")
    public Double gpuHoursProjected;
    @Column(name = "team_remaining_hours")
    public Double teamRemainingHours;
    /** The warning sentence while a budget warning is raised for the job; null otherwise. */
    @Column(name = "budget_warning")
    public String budgetWarning;
    @Column(name = "recorded_at")
    public Instant recordedAt;
}
