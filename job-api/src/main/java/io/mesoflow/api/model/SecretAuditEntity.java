package io.mesoflow.api.model;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One secret resolution, as audited by secrets-svc; never holds a value. */
@Entity
@Table(name = "secret_audit")
public class SecretAuditEntity extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "job_id")
    public String jobId;
    /** Comma-separated task names. */
    public String tasks;
    public String source;
    public String outcome;
    public String reason;
    @Column(name = "resolved_at")
    public Instant resolvedAt;
}
