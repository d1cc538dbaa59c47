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

    /** Composite key. */
    public record Key(String jobId, String taskName) implements Serializable {
        public Key() {
            this(null, null);
        }
    }
}
