package io.mesoflow.api.model;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One spec revision of a job (revision 1 is the submitted spec). */
@Entity
@Table(name = "job_revisions")
public class JobRevisionEntity extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "job_id")
    public String jobId;
    public int revision;
    @Column(columnDefinition = "text")
    public String spec;
    /** The spec as the user wrote it (JSON). */
    @Column(columnDefinition = "text")
    public String request;
    @Column(name = "created_at")
    public Instant createdAt;
}
