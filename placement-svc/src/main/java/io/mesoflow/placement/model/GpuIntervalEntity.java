package io.mesoflow.placement.model;

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

    /** Composite key. */
    public record Key(String jobId, String taskName, int attempt) implements Serializable {
        public Key() {
            this(null, null, 0);
        }
    }
}
