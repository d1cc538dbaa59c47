package io.mesoflow.api.model;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One line of a job's timeline. */
@Entity
@Table(name = "job_events")
public class JobEventEntity extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "job_id")
    public String jobId;
    public Instant at;
    /** JOB, TASK or CONFIG. */
    public String kind;
    @Column(name = "task_name")
    public String taskName;
    public Integer attempt;
    public String state;
    public String message;
    /** On a line about a suspension: the {@link JobSuspension} as JSON. */
    @Column(columnDefinition = "text")
    public String suspension;

    public static JobEventEntity record(String jobId, Instant at, String kind, String taskName, Integer attempt,
                                        String state, String message) {
        JobEventEntity event = new JobEventEntity();
        event.jobId = jobId;
        event.at = at;
        event.kind = kind;
        event.taskName = taskName;
        event.attempt = attempt;
        event.state = state;
        event.message = message;
        event.persist();
        return event;
    }
}
