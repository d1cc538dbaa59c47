package io.mesoflow.api.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.mesoflow.api.ApiConfig;
import io.mesoflow.api.audit.AuditKind;
import io.mesoflow.api.audit.AuditLog;
import io.mesoflow.api.spec.FieldError;
import io.mesoflow.api.spec.SpecValidationException;
import io.mesoflow.service.secrets.LocalSecretStore;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * The embedded default's local secret store ({@code local:} sources), for admins: names are listed,
 * values are written and deleted but never returned, and every change is audited by name. The CLI's
 * {@code mesoflow secret put|list|delete} go through here.
 */
@Path("/api/v1/secrets")
@Produces(MediaType.APPLICATION_JSON)
public class SecretStoreResource {
    @Inject
    Access access;

    @Inject
    ApiConfig config;

    @Inject
    AuditLog audit;

    @GET
    public List<String> names() {
        access.requireAdmin();
        return store().list();
    }

    /** Stores {@code {"value": "..."}} under the name (e.g. {@code teams/ml/gcs#key}). */
    @PUT
    @Path("/{name: .+}")
    @Consumes(MediaType.WILDCARD)
    public Response put(@PathParam("name") String name, String body) {
        access.requireAdmin();
        JsonNode json = JsonBody.parseOrEmpty(body);
        if (!json.path("value").isTextual()) {
            throw new SpecValidationException(List.of(new FieldError("value", "is required: the secret as a string")));
        }
        try {
            store().put(name, json.path("value").asText());
        } catch (IllegalArgumentException e) {
            throw new SpecValidationException(List.of(new FieldError("name", e.getMessage())));
        }
        QuarkusTransaction.requiringNew().run(() -> audit.record(AuditKind.SECRET_PUT, access.caller(),
                teamOf(name), "secret " + name, null));
        return Response.noContent().build();
    }

    @DELETE
    @Path("/{name: .+}")
    public Response delete(@PathParam("name") String name) {
        access.requireAdmin();
        if (!store().delete(name)) {
            throw new NotFoundException("no secret '" + name + "'");
        }
        QuarkusTransaction.requiringNew().run(() -> audit.record(AuditKind.SECRET_DELETED, access.caller(),
                teamOf(name), "secret " + name, null));
        return Response.noContent().build();
    }

    private LocalSecretStore store() {
        return config.secrets().localDir().map(dir -> new LocalSecretStore(java.nio.file.Path.of(dir)))
                .orElseThrow(NoLocalSecretStoreException::new);
    }

    /** {@code teams/<team>/...} names belong to that team (the audit entry's team). */
    static String teamOf(String name) {
        String[] parts = name.split("/");
        return parts.length > 2 && parts[0].equals("teams") ? parts[1] : null;
    }
}
