package io.mesoflow.launcher.store;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A task attempt this launcher launched; its id makes launches idempotent. */
@Entity
@Table(name = "launched_tasks")
public class LaunchedTaskEntity extends PanacheEntityBase {
    @Id
    @Column(name = "task_id")
    public String taskId;
    @Column(name = "job_id")
    public String jobId;
    @Column(name = "task_name")
    public String taskName;
    public int attempt;
    @Column(name = "agent_id")
    public String agentId;
    public String state;
    public Long pid;
    @Column(name = "pid_started")
    public Instant pidStarted;
    public String sandbox;
    /** The TaskPlacement as launched (JSON), so the next leader can adopt the task. */
    public String placement;
    @Column(name = "gpu_ids")
    public String gpuIds;
    @Column(name = "launched_at")
    public Instant launchedAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
    /** False from the moment an end is recorded until it is published (the next leader publishes it again). */
    @Column(name = "end_reported")
    public boolean endReported = true;
    /** The Mesos reason the task ended with, when it had one. */
    @Column(name = "end_reason")
    public String endReason;
}
