package io.mesoflow.api.model;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One audited action or refusal; never holds a secret value or a token. */
@Entity
@Table(name = "audit_log")
public class AuditEntity extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "recorded_at")
    public Instant recordedAt;
    /** An {@code AuditKind} name. */
    public String kind;
    /** The token's name or the JWT's subject; {@code job-api} for the service itself. */
    public String actor;
    @Column(name = "actor_team")
    public String actorTeam;
    @Column(name = "actor_admin")
    public boolean actorAdmin;
    /** The team acted on, or whose job or team was asked for. */
    public String team;
    /** What was acted on: a team, a token id, a job id, a request. */
    public String target;
    public String detail;
}
