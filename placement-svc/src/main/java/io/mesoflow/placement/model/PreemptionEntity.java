package io.mesoflow.placement.model;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;

/** One preemption: the preemptor waits until its victim is suspended, and the victim may not preempt it back. */
@Entity
@Table(name = "preemptions")
@IdClass(PreemptionEntity.Key.class)
public class PreemptionEntity extends PanacheEntityBase {
    @Id
    @Column(name = "victim_job_id")
    public String victimJobId;
    @Id
    @Column(name = "preemptor_job_id")
    public String preemptorJobId;
    @Id
    @Column(name = "requested_at")
    public Instant requestedAt;
    @Column(name = "victim_priority")
    public int victimPriority;
    /** GPU-hours since the victim's checkpoint when it was chosen. */
    @Column(name = "gpu_hours")
    public double gpuHours;
    /** When the victim was SUSPENDED (or ended); null: still suspending. */
    @Column(name = "suspended_at")
    public Instant suspendedAt;

    /** Composite key. */
    public record Key(String victimJobId, String preemptorJobId, Instant requestedAt) implements Serializable {
        public Key() {
            this(null, null, null);
        }
    }
}
