package io.mesoflow.placement.model;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A job's latest checkpoint as mesoflow.progress reported it. */
@Entity
@Table(name = "job_checkpoints")
public class JobCheckpointEntity extends PanacheEntityBase {
    @Id
    @Column(name = "job_id")
    public String jobId;
    @Column(name = "checkpoint_at")
    public Instant checkpointAt;
    @Column(name = "checkpoint_step")
    public Long checkpointStep;
    @Column(name = "observed_at")
    public Instant observedAt;
}
