package io.mesoflow.api.rest;

import io.mesoflow.api.model.SecretAuditEntity;
import io.quarkus.panache.common.Page;
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
import java.util.Arrays;
import java.util.List;

/** The secret-resolution audit trail (admins only): who resolved which secret for which job, when, and how it went. */
@Path("/api/v1/audit/secrets")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {
    @Inject
    Access access;

    /** One resolution; never the value. */
    public record SecretResolution(String jobId, List<String> tasks, String source, String outcome, String reason,
                                   Instant resolvedAt) {
    }

    @GET
    @Transactional
    public List<SecretResolution> list(@QueryParam("jobId") String jobId,
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
