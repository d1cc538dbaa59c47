package io.mesoflow.api.auth;

import io.mesoflow.api.rest.ProblemDetail;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/** Every {@code /api/} request needs a bearer token; health, metrics and OpenAPI under {@code /q} do not. */
public class AuthFilter {
    private static final String BEARER = "Bearer ";

    @Inject
    Authenticator authenticator;

    @Inject
    CurrentCaller current;

    @ServerRequestFilter
    public Optional<Response> authenticate(ContainerRequestContext request) {
        if (!request.getUriInfo().getPath().startsWith("/api/")) {
            return Optional.empty();
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Optional.of(unauthorized("send 'Authorization: Bearer <token>' (an API token or a JWT)"));
        }
        Optional<Caller> caller = authenticator.authenticate(header.substring(BEARER.length()).strip());
        if (caller.isEmpty()) {
            return Optional.of(unauthorized("the bearer token is unknown, revoked, expired or does not verify"));
        }
        current.set(caller.get());
        return Optional.empty();
    }

    private static Response unauthorized(String detail) {
        return Response.status(401).type(ProblemDetail.MEDIA_TYPE)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"mesoflow\"")
                .entity(ProblemDetail.of(401, "unauthorized", "Unauthorized", detail)).build();
    }
}
