package io.mesoflow.events;

import java.time.Instant;
import java.util.Objects;

/**
 * An admin action (team, quota, token) or a refusal of another team's resource, as job-api
 * recorded it. Topic {@link Topics#AUDIT}, keyed by the team it concerns ({@code -} for none).
 * Names and ids only: never a secret value or a token.
 *
 * @param kind       what happened: TEAM_CREATED, QUOTA_SET, TOKEN_ISSUED, TOKEN_REVOKED, CROSS_TEAM_REFUSED,
 *                   ADMIN_REFUSED
 * @param actorTeam  the caller's team (null for an admin without one)
 * @param target     what was acted on or asked for (a job id, a team, a token id)
 */
public record AuditRecorded(long id, String kind, Instant at, String actor, String actorTeam, boolean actorAdmin,
                            String team, String target, String detail) implements MesoflowEvent {
    public AuditRecorded {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(at, "at");
    }

    @Override
    public String key() {
        return team == null ? "-" : team;
    }
}
