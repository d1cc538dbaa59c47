package io.mesoflow.placement.model;

import io.mesoflow.events.TaskStatusChanged;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;

/** When a GPU task attempt ran (from task status), for GPU-hour budgets. */
@Entity
@Table(name = "gpu_intervals")
@IdClass(GpuIntervalEntity.Key.class)
public class GpuIntervalEntity extends PanacheEntityBase {
    @Id
    @Column(name = "job_id")
    public String jobId;
    @Id
    @Column(name = "task_name")
    public String taskName;
    @Id
    public int attempt;
    public String team;
    public int gpus;
    @Column(name = "started_at")
    public Instant startedAt;
    @Column(name = "ended_at")
    public Instant endedAt;

    /** The interval a GPU attempt's RUNNING status opens, counted against {@code team}. */
    public static GpuIntervalEntity opened(TaskStatusChanged status, String team) {
        GpuIntervalEntity interval = new GpuIntervalEntity();
        interval.jobId = status.jobId();
        interval.taskName = status.taskName();
        interval.attempt = status.attempt();
        interval.team = team;
        interval.gpus = status.resources().gpus();
        interval.startedAt = status.timestamp();
        return interval;
    }

    /** Composite key. */
    public record Key(String jobId, String taskName, int attempt) implements Serializable {
        public Key() {
            this(null, null, 0);
        }
    }
}
