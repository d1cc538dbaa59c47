package io.mesoflow.api.model;

import io.mesoflow.events.TaskState;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One attempt of one task, as the backend reported it. */
@Entity
@Table(name = "task_attempts")
public class TaskAttemptEntity extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "job_id")
    public String jobId;
    @Column(name = "task_name")
    public String taskName;
    public int attempt;
    @Column(name = "task_id")
    public String taskId;
    @Enumerated(EnumType.STRING)
    public TaskState state;
    public String reason;
    public String message;
    @Column(name = "exit_code")
    public Integer exitCode;
    @Column(name = "agent_id")
    public String agentId;
    public String hostname;
    /** Comma-separated ports. */
    public String ports;
    public String sandbox;
    /** The agent's endpoint that serves {@link #sandbox} (Mesos); null: the configured files URL does. */
    @Column(name = "agent_url")
    public String agentUrl;
    @Column(name = "started_at")
    public Instant startedAt;
    @Column(name = "ended_at")
    public Instant endedAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
    /** Whether the RUNNING attempt's port accepts connections; null: not known, not applicable, or not running. */
    public Boolean ready;
    @Column(name = "cpu_seconds")
    public Double cpuSeconds;
    @Column(name = "gpu_seconds")
    public Double gpuSeconds;
}
