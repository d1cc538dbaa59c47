package io.mesoflow.api.model;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** An API token: only its SHA-256 is kept. Never leaves the service; the API answers with TokenView. */
@Entity
@Table(name = "api_tokens")
public class ApiTokenEntity extends PanacheEntityBase {
    @Id
    public String id;
    public String name;
    /** Null for an admin token that belongs to no team. */
    public String team;
    public boolean admin;
    @Column(name = "token_sha256")
    public String tokenSha256;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "revoked_at")
    public Instant revokedAt;

    public static ApiTokenEntity active(String sha256) {
        return find("tokenSha256 = ?1 and revokedAt is null", sha256).firstResult();
    }
}
