package io.mesoflow.api.model;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import io.mesoflow.events.JobState;
import java.time.Instant;

/** A job in job-api's read model. Never leaves the service: the API answers with JobView. */
@Entity
@Table(name = "jobs")
public class JobEntity extends PanacheEntityBase {
    @Id
    public String id;
    public String name;
    public String team;
    @Enumerated(EnumType.STRING)
    public JobState state;
    public String reason;
    @Column(name = "queue_position")
    public Integer queuePosition;
    public int revision;
    @Column(columnDefinition = "text")
    public String spec;
    /** The spec as the user wrote it (JSON). */
    @Column(columnDefinition = "text")
    public String request;
    @Column(name = "output_dir")
    public String outputDir;
    @Column(name = "submitted_at")
    public Instant submittedAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
    @Column(name = "ended_at")
    public Instant endedAt;
    /** The latest suspension as JSON ({@link JobSuspension}); null when never suspended. */
    @Column(columnDefinition = "text")
    public String suspension;
    /** The status time of the last suspend/resume boundary (see {@link JobStateRules}). */
    @Column(name = "cycle_at")
    public Instant cycleAt;
    /** When a user's resume was asked for while SUSPENDED; cleared when the job leaves SUSPENDED. */
    @Column(name = "resume_requested_at")
    public Instant resumeRequestedAt;
}
