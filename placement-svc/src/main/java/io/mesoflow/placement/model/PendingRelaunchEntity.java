package io.mesoflow.placement.model;

import io.mesoflow.events.RelaunchTaskRequested;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;

/** A relaunch monitor asked for: one task, one attempt. */
@Entity
@Table(name = "pending_relaunches")
@IdClass(PendingRelaunchEntity.Key.class)
public class PendingRelaunchEntity extends PanacheEntityBase {
    public static final String PENDING = "PENDING";
    public static final String PLACED = "PLACED";
    public static final String DROPPED = "DROPPED";

    @Id
    @Column(name = "job_id")
    public String jobId;
    @Id
    @Column(name = "task_name")
    public String taskName;
    @Id
    public int attempt;
    /** The spec revision the relaunch needs (at least). */
    public int revision;
    @Column(name = "preferred_agent")
    public String preferredAgent;
    public String reason;
    @Column(name = "requested_at")
    public Instant requestedAt;
    public String status;
    @Column(name = "last_reason")
    public String lastReason;

    /** A relaunch just requested: waiting to be placed. */
    public static PendingRelaunchEntity pending(RelaunchTaskRequested request) {
        PendingRelaunchEntity relaunch = new PendingRelaunchEntity();
        relaunch.jobId = request.jobId();
        relaunch.taskName = request.taskName();
        relaunch.attempt = request.attempt();
        relaunch.revision = request.revision();
        relaunch.preferredAgent = request.preferredAgentId();
        relaunch.reason = request.reason();
        relaunch.requestedAt = Instant.now();
        relaunch.status = PENDING;
        return relaunch;
    }

    /**
     * An attempt monitor fenced when it suspended the job, kept as a dropped relaunch: the resumed
     * run's attempts are numbered above it, and monitor's relaunch of it arriving late is a no-op.
     */
    public static PendingRelaunchEntity fenced(String jobId, String taskName, int attempt) {
        PendingRelaunchEntity fenced = new PendingRelaunchEntity();
        fenced.jobId = jobId;
        fenced.taskName = taskName;
        fenced.attempt = attempt;
        fenced.reason = "fenced when the job was suspended";
        fenced.requestedAt = Instant.now();
        fenced.status = DROPPED;
        fenced.lastReason = "the job is suspended: its resumed run starts above this attempt";
        return fenced;
    }

    /** Composite key. */
    public record Key(String jobId, String taskName, int attempt) implements Serializable {
        public Key() {
            this(null, null, 0);
        }
    }
}
