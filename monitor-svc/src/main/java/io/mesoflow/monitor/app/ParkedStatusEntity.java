package io.mesoflow.monitor.app;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A task status that came before its job; replayed when the job arrives. */
@Entity
@Table(name = "parked_status")
public class ParkedStatusEntity extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "job_id")
    public String jobId;
    @Column(columnDefinition = "text")
    public String payload;
    @Column(name = "parked_at")
    public Instant parkedAt;
}
