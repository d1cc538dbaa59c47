package io.mesoflow.api.rest;

import io.mesoflow.events.ShownText;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import java.util.Set;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Every {@code /api/} body is JSON: a POST, PUT or PATCH that says its body is something else
 * ({@code application/x-www-form-urlencoded}, {@code text/plain}, XML, ...) is a 415 problem. A body
 * without a {@code Content-Type} is read as JSON; the type of an empty body does not matter. Runs
 * after authentication.
 */
public class ContentTypeFilter {
    static final Set<String> WITH_BODY = Set.of("POST", "PUT", "PATCH");

    @ServerRequestFilter(priority = Priorities.USER + 10)
    public Optional<Response> requireJson(ContainerRequestContext request) {
        String length = request.getHeaderString("Content-Length");
        boolean body = request.getHeaderString("Transfer-Encoding") != null
                || (length != null && !length.strip().equals("0"));
        if (!request.getUriInfo().getPath().startsWith("/api/") || !WITH_BODY.contains(request.getMethod())
                || !body || request.getHeaderString("Content-Type") == null) {
            return Optional.empty();
        }
        MediaType type;
        try {
            type = MediaType.valueOf(request.getHeaderString("Content-Type"));
        } catch (IllegalArgumentException e) {
            type = null;
        }
        if (isJson(type)) {
            return Optional.empty();
        }
        return Optional.of(ProblemMappers.problem(ProblemDetail.of(415, "unsupported-media-type",
                "Unsupported Media Type", "the body must be JSON: send 'Content-Type: application/json' (or "
                        + "application/merge-patch+json for PATCH), not '"
                        + ShownText.of(request.getHeaderString("Content-Type")) + "'")));
    }

    static boolean isJson(MediaType type) {
        return type != null && type.getType().equalsIgnoreCase("application")
                && (type.getSubtype().equalsIgnoreCase("json") || type.getSubtype().toLowerCase().endsWith("+json"));
    }
}
