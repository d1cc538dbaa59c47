package io.mesoflow.api.model;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One task attempt's TF_CONFIG, as placement wrote it; kept after the attempt ends. */
@Entity
@Table(name = "task_tf_configs")
public class TaskTfConfigEntity extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "job_id")
    public String jobId;
    @Column(name = "task_name")
    public String taskName;
    public int attempt;
    /** The TF_CONFIG value: JSON, {@code {"cluster": {...}, "task": {"type": ..., "index": ...}}}. */
    @Column(name = "tf_config")
    public String tfConfig;
    @Column(name = "placed_at")
    public Instant placedAt;
}
