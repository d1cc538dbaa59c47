package io.mesoflow.placement.model;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;

/** Where a task of a placed job runs now: its latest attempt's agent, address and launch. */
@Entity
@Table(name = "placed_tasks")
@IdClass(PlacedTaskEntity.Key.class)
public class PlacedTaskEntity extends PanacheEntityBase {
    @Id
    @Column(name = "job_id")
    public String jobId;
    @Id
    @Column(name = "task_name")
    public String taskName;
    public int attempt;
    @Column(name = "agent_id")
    public String agentId;
    /** host:port, the task's TF_CONFIG address. */
    public String address;
    /** The TaskPlacement as JSON. */
    @Column(columnDefinition = "text")
    public String placement;
    @Column(name = "placed_at")
    public Instant placedAt;
    /** The job's team and what the task holds, for quotas and fair share, until it ends. */
    public String team;
    public double cpus;
    @Column(name = "mem_mb")
    public double memMb;
    public int gpus;
    @Column(name = "ended_at")
    public Instant endedAt;

    /** Records what a new attempt holds: it counts against its team until it ends. */
    public void holds(String team, io.mesoflow.events.Resources resources) {
        this.team = team;
        this.cpus = resources.cpus();
        this.memMb = resources.memMb();
        this.gpus = resources.gpus();
        this.endedAt = null;
    }

    /** Composite key. */
    public record Key(String jobId, String taskName) implements Serializable {
        public Key() {
            this(null, null);
        }
    }
}
