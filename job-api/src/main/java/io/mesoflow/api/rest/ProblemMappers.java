package io.mesoflow.api.rest;

import io.mesoflow.api.spec.SpecValidationException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
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
    public Response conflict(io.mesoflow.api.JobChanges.ConflictException e) {
        return problem(ProblemDetail.of(409, "conflict", "Conflict", e.getMessage()));
    }

    @ServerExceptionMapper
    public Response wrongTeam(io.mesoflow.api.JobIntake.WrongTeamException e) {
        return problem(new ProblemDetail(ProblemDetail.of(403, "wrong-team", "Forbidden", e.getMessage()).type(),
                "Forbidden", 403, e.getMessage(), null,
                java.util.List.of(new io.mesoflow.api.spec.FieldError("team", e.getMessage()))));
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e) {
        return problem(ProblemDetail.of(404, "not-found", "Not found", e.getMessage()));
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        return problem(ProblemDetail.of(status, "http-" + status,
                Response.Status.fromStatusCode(status) == null ? "Error"
                        : Response.Status.fromStatusCode(status).getReasonPhrase(), e.getMessage()));
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
