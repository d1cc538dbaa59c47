package io.mesoflow.api.service;

import io.mesoflow.api.audit.AuditKind;
import io.mesoflow.api.audit.AuditLog;
import io.mesoflow.api.auth.ApiTokens;
import io.mesoflow.api.auth.Caller;
import io.mesoflow.api.model.ApiTokenEntity;
import io.mesoflow.api.model.TeamEntity;
import io.mesoflow.events.BudgetPolicy;
import io.mesoflow.events.EventCodec;
import io.mesoflow.events.PreemptionScope;
import io.mesoflow.events.TeamQuotaChanged;
import io.mesoflow.events.Topics;
import io.mesoflow.service.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;

/**
 * Teams, their quotas and their API tokens. A quota change is published for placement in the same
 * transaction; every change is audited in it too.
 */
@ApplicationScoped
public class TeamService {
    @Inject
    Outbox outbox;

    @Inject
    AuditLog audit;

    /** A team's limits; null: no limit. */
    public record Quota(Double cpus, Double memMb, Integer gpus, Double gpuHoursBudget, int windowHours,
                        Long windowSeconds, BudgetPolicy budgetPolicy, PreemptionScope preemption,
                        Integer preemptBelowPriority) {
        /** A quota with no short window, budget or preemption policy of its own. */
        public Quota(Double cpus, Double memMb, Integer gpus, Double gpuHoursBudget, int windowHours) {
            this(cpus, memMb, gpus, gpuHoursBudget, windowHours, null, null, null, null);
        }
    }

    /** A token just issued: the only time the token itself is known. */
    public record IssuedToken(ApiTokenEntity entity, String token) {
    }

    /** Whether the team exists (a job may be submitted for it). */
    @Transactional
    public boolean exists(String name) {
        return TeamEntity.findById(name) != null;
    }

    @Transactional
    public TeamEntity put(String name, Quota quota, Caller actor) {
        Instant now = Instant.now();
        TeamEntity team = TeamEntity.findById(name);
        audit.record(team == null ? AuditKind.TEAM_CREATED : AuditKind.QUOTA_SET, actor, name, "team " + name,
                "quota " + EventCodec.json(quota));
        if (team == null) {
            team = new TeamEntity();
            team.name = name;
            team.createdAt = now;
        }
        TeamQuotaChanged change = new TeamQuotaChanged(name, quota.cpus(), quota.memMb(), quota.gpus(),
                quota.gpuHoursBudget(), quota.windowHours(), now, quota.windowSeconds(), quota.budgetPolicy(),
                quota.preemption(), quota.preemptBelowPriority());
        team.apply(change);
        team.persist();
        outbox.add(Topics.TEAMS, change);
        return team;
    }

    @Transactional
    public IssuedToken issueToken(String team, String name, boolean admin, Caller actor) {
        String token = ApiTokens.generate();
        ApiTokenEntity entity = new ApiTokenEntity();
        entity.id = ApiTokens.newId();
        entity.name = name;
        entity.team = team;
        entity.admin = admin;
        entity.tokenSha256 = ApiTokens.sha256(token);
        entity.createdAt = Instant.now();
        entity.persist();
        audit.record(AuditKind.TOKEN_ISSUED, actor, team, "token " + entity.id,
                "name '" + name + "'" + (admin ? ", admin" : ""));
        return new IssuedToken(entity, token);
    }

    /** Revokes a token; false when there is no such token. */
    @Transactional
    public boolean revoke(String id, Caller actor) {
        ApiTokenEntity token = ApiTokenEntity.findById(id);
        if (token == null) {
            return false;
        }
        if (token.revokedAt == null) {
            token.revokedAt = Instant.now();
            audit.record(AuditKind.TOKEN_REVOKED, actor, token.team, "token " + id, "name '" + token.name + "'"
                    + (token.admin ? ", admin" : ""));
        }
        return true;
    }
}
