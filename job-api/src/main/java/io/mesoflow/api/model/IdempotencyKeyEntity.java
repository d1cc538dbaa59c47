package io.mesoflow.api.model;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A submission's Idempotency-Key and the job it created. */
@Entity
@Table(name = "idempotency_keys")
public class IdempotencyKeyEntity extends PanacheEntityBase {
    @Id
    public String key;
    @Column(name = "job_id")
    public String jobId;
    @Column(name = "body_sha256")
    public String bodySha256;
    @Column(name = "created_at")
    public Instant createdAt;
}
