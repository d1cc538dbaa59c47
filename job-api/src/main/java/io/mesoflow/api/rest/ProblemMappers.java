package io.mesoflow.api.rest;

import io.mesoflow.api.limits.RateLimitedException;
import io.mesoflow.api.service.ConflictException;
import io.mesoflow.api.service.WrongTeamException;
import io.mesoflow.api.spec.FieldError;
import io.mesoflow.api.spec.SpecValidationException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every error the API answers is an RFC 7807 problem. */
public class ProblemMappers {
    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response invalidSpec(SpecValidationException e) {
        return problem(ProblemDetail.invalidSpec(e.errors()));
    }

    @ServerExceptionMapper
    public Response conflict(ConflictException e) {
        return problem(ProblemDetail.of(409, "conflict", "Conflict", e.getMessage()));
    }

    @ServerExceptionMapper
    public Response wrongTeam(WrongTeamException e) {
        return problem(new ProblemDetail(ProblemDetail.of(403, "wrong-team", "Forbidden", e.getMessage()).type(),
                "Forbidden", 403, e.getMessage(), null, List.of(new FieldError("team", e.getMessage()))));
    }

    @ServerExceptionMapper
    public Response rateLimited(RateLimitedException e) {
        return Response.fromResponse(problem(ProblemDetail.of(429, "rate-limited", "Too many requests", e.getMessage())))
                .header("Retry-After", e.retryAfterSeconds()).build();
    }

    @ServerExceptionMapper
    public Response noSecretStore(NoLocalSecretStoreException e) {
        return problem(ProblemDetail.of(409, "no-local-secret-store", "No local secret store", e.getMessage()));
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e) {
        return problem(ProblemDetail.of(404, "not-found", "Not found", e.getMessage()));
    }

    /** Any other HTTP error (403, 405, 406, 415, ...): a problem of its status, keeping headers such as {@code Allow}. */
    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        Response.ResponseBuilder response = Response.fromResponse(problem(ProblemDetail.of(status, "http-" + status,
                reason(status), e.getMessage())));
        String allow = e.getResponse().getHeaderString("Allow");
        return (allow == null ? response : response.header("Allow", allow)).build();
    }

    /** The reason phrase of an HTTP status. */
    static String reason(int status) {
        Response.Status known = Response.Status.fromStatusCode(status);
        return known == null ? "Error" : known.getReasonPhrase();
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        LOG.error("unexpected error answering a request", e);
        return problem(ProblemDetail.of(500, "internal-error", "Internal error",
                "the request could not be handled; the error is logged"));
    }

    static Response problem(ProblemDetail problem) {
        return Response.status(problem.status()).type(ProblemDetail.MEDIA_TYPE).entity(problem).build();
    }
}
