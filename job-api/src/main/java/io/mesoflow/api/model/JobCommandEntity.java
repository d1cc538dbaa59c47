package io.mesoflow.api.model;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A command from {@code mesoflow.job-commands} that was answered (its id makes a redelivery a no-op). */
@Entity
@Table(name = "job_commands")
public class JobCommandEntity extends PanacheEntityBase {
    @Id
    @Column(name = "command_id")
    public String commandId;
    @Column(name = "job_id")
    public String jobId;
    public String action;
    public boolean accepted;
    /** The refusals as JSON (a list of {field, reason}); {@code []} when accepted. */
    @Column(columnDefinition = "text")
    public String errors;
    @Column(name = "answered_at")
    public Instant answeredAt;
}
