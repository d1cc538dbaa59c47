package io.mesoflow.secrets.app;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A placement whose secrets could not be read yet (Vault unreachable). Holds the placement event
 * (references only, never values) until a retry resolves it.
 */
@Entity
@Table(name = "pending_placements")
public class PendingPlacementEntity extends PanacheEntityBase {
    /** {@code <jobId>/<revision>/<first task>.<attempt>}: one row per placement. */
    @Id
    public String id;
    @Column(name = "job_id")
    public String jobId;
    @Column(columnDefinition = "text")
    public String placement;
    public int tries;
    @Column(name = "next_try_at")
    public Instant nextTryAt;
    @Column(name = "last_reason")
    public String lastReason;
}
