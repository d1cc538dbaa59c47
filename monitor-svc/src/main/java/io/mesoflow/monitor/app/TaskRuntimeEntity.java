package io.mesoflow.monitor.app;

import io.mesoflow.monitor.core.TaskRecord;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** The current attempt of one task of a supervised job. */
@Entity
@Table(name = "task_runtime")
public class TaskRuntimeEntity extends PanacheEntityBase {
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
    public String state;
    @Column(name = "agent_id")
    public String agentId;
    @Column(name = "exit_code")
    public Integer exitCode;
    @Column(name = "updated_at")
    public Instant updatedAt;
    /** When a relaunch of this task is due (its new attempt not yet requested from placement). */
    @Column(name = "relaunch_due_at")
    public Instant relaunchDueAt;
    @Column(name = "relaunch_reason")
    public String relaunchReason;
    /** Its launch config changed in a newer revision; redeployed when its role's turn comes. */
    public boolean redeploy;
    /** When to kill this task although its job ended (TensorBoard's linger). */
    @Column(name = "kill_due_at")
    public Instant killDueAt;
    /** host:port of the latest attempt that reported one. */
    public String address;
    /** This attempt reported that its port accepts connections. */
    public boolean ready;
    /** While its job is suspending or suspended: the highest attempt that may have been launched (-1: none). */
    @Column(name = "fence_attempt")
    public Integer fenceAttempt;

    /** Takes the task's current attempt and what is known of it, as of {@code now}. */
    public void update(TaskRecord task, Instant now) {
        attempt = task.attempt();
        taskId = task.taskId();
        state = task.state() == null ? null : task.state().name();
        agentId = task.agentId();
        exitCode = task.exitCode();
        redeploy = task.redeploy();
        address = task.address();
        ready = task.ready();
        updatedAt = now;
    }
}
