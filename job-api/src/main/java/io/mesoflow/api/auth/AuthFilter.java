package io.mesoflow.api.auth;

import io.mesoflow.api.rest.ProblemDetail;
import io.mesoflow.api.spec.FieldError;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Every {@code /api/} request needs a bearer token, or the web console's login cookie (changes
 * with the cookie also need the console's header, see {@link RequestCredential}); health, metrics
 * and OpenAPI under {@code /q} do not.
 */
public class AuthFilter {
    @Inject
    Authenticator authenticator;

    @Inject
    CurrentCaller current;

    @ServerRequestFilter
    public Optional<Response> authenticate(ContainerRequestContext request) {
        if (!request.getUriInfo().getPath().startsWith("/api/")) {
            return Optional.empty();
        }
        Cookie cookie = request.getCookies().get(RequestCredential.COOKIE);
        RequestCredential.Outcome credential = RequestCredential.of(request.getHeaderString(HttpHeaders.AUTHORIZATION),
                cookie == null ? null : cookie.getValue(), request.getMethod(),
                request.getHeaderString(RequestCredential.CONSOLE_HEADER));
        if (credential.refused()) {
            return Optional.of(refused(credential.status(), credential.detail()));
        }
        Optional<Caller> caller = authenticator.authenticate(credential.token());
        if (caller.isEmpty()) {
            return Optional.of(refused(401, credential.fromCookie()
                    ? "the console's login has expired or its token was revoked: log in again at /console/login.html"
                    : "the bearer token is unknown, revoked, expired or does not verify"));
        }
        current.set(caller.get());
        return Optional.empty();
    }

    private static Response refused(int status, String detail) {
        if (status == 403) {
            ProblemDetail problem = ProblemDetail.of(403, "console-header-missing", "Forbidden", detail);
            return Response.status(403).type(ProblemDetail.MEDIA_TYPE).entity(new ProblemDetail(problem.type(),
                    problem.title(), 403, detail, null, List.of(new FieldError(RequestCredential.CONSOLE_HEADER,
                    "is required with the console's cookie")))).build();
        }
        return Response.status(401).type(ProblemDetail.MEDIA_TYPE)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"mesoflow\"")
                .entity(ProblemDetail.of(401, "unauthorized", "Unauthorized", detail)).build();
    }
}
