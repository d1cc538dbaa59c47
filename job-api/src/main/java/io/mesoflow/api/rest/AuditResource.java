package io.mesoflow.api.rest;

import io.mesoflow.api.audit.AuditKind;
import io.mesoflow.api.model.AuditEntity;
import io.mesoflow.api.model.SecretAuditEntity;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The audit trails (admins only; anyone else gets 403, itself audited): admin actions and
 * cross-team refusals, and every secret resolution. Never a secret value or a token.
 */
@Path("/api/v1/audit")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {
    @Inject
    Access access;

    /** One audited action or refusal. */
    public record AuditEntry(long id, Instant at, AuditKind kind, String actor, String actorTeam, boolean actorAdmin,
                             String team, String target, String detail) {
        static AuditEntry of(AuditEntity e) {
            return new AuditEntry(e.id, e.recordedAt, AuditKind.valueOf(e.kind), e.actor, e.actorTeam, e.actorAdmin, e.team,
                    e.target, e.detail);
        }
    }

    /** One resolution; never the value. */
    public record SecretResolution(String jobId, List<String> tasks, String source, String outcome, String reason,
                                   Instant resolvedAt) {
    }

    /**
     * Admin actions and cross-team refusals, newest first. Filters: {@code team} (acted on or asked
     * for), {@code kind} (an {@link AuditKind}), {@code after} and {@code before} (ISO-8601).
     */
    @GET
    @Transactional
    public List<AuditEntry> list(@QueryParam("team") String team, @QueryParam("kind") String kind,
                                 @QueryParam("after") String after, @QueryParam("before") String before,
                                 @QueryParam("limit") @DefaultValue("100") int limit) {
        access.requireAdmin();
        QueryFilters filters = new QueryFilters();
        AuditKind kindFilter = filters.constant("kind", kind, AuditKind.class);
        Instant afterFilter = filters.instant("after", after);
        Instant beforeFilter = filters.instant("before", before);
        filters.check();
        List<String> where = new ArrayList<>();
        Parameters parameters = new Parameters();
        if (team != null) {
            where.add("team = :team");
            parameters.and("team", team);
        }
        if (kindFilter != null) {
            where.add("kind = :kind");
            parameters.and("kind", kindFilter.name());
        }
        if (afterFilter != null) {
            where.add("recordedAt > :after");
            parameters.and("after", afterFilter);
        }
        if (beforeFilter != null) {
            where.add("recordedAt < :before");
            parameters.and("before", beforeFilter);
        }
        Sort newest = Sort.descending("recordedAt").and("id", Sort.Direction.Descending);
        var query = where.isEmpty() ? AuditEntity.findAll(newest)
                : AuditEntity.find(String.join(" and ", where), newest, parameters);
        return query.page(Page.ofSize(Math.max(1, Math.min(limit, 1000)))).<AuditEntity>list().stream()
                .map(AuditEntry::of).toList();
    }

    /** Every secret resolution (from secrets-svc), newest first; {@code jobId} filters. */
    @GET
    @Path("/secrets")
    @Transactional
    public List<SecretResolution> secrets(@QueryParam("jobId") String jobId,
                                          @QueryParam("limit") @DefaultValue("100") int limit) {
        access.requireAdmin();
        var query = jobId == null ? SecretAuditEntity.findAll(Sort.descending("id"))
                : SecretAuditEntity.find("jobId", Sort.descending("id"), jobId);
        return query.page(Page.ofSize(Math.max(1, Math.min(limit, 1000)))).<SecretAuditEntity>list().stream()
                .map(a -> new SecretResolution(a.jobId, Arrays.asList(a.tasks.split(",")), a.source, a.outcome,
                        a.reason, a.resolvedAt))
                .toList();
    }
}
