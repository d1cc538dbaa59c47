package io.mesoflow.api.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.mesoflow.api.ApiConfig;
import io.mesoflow.api.JobIntake;
import io.mesoflow.api.JobChanges;
import io.mesoflow.api.JobQuery;
import io.mesoflow.api.model.JobEntity;
import io.mesoflow.api.model.JobEventEntity;
import io.mesoflow.api.model.JobRevisionEntity;
import io.mesoflow.api.model.TaskAttemptEntity;
import io.mesoflow.api.spec.DcosOptionsTranslator;
import io.mesoflow.api.spec.FieldError;
import io.mesoflow.api.spec.SpecLimits;
import io.mesoflow.api.spec.SpecValidationException;
import io.mesoflow.events.EventCodec;
import io.mesoflow.events.JobState;
import io.quarkus.panache.common.Sort;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.core.Context;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Submit, list and inspect training jobs. */
@Path("/api/v1/jobs")
@Produces(MediaType.APPLICATION_JSON)
public class JobResource {
    @Inject
    ApiConfig config;

    @Inject
    JobChanges changes;

    @Inject
    io.mesoflow.api.JobQuery query;

    @Inject
    JobIntake intake;

    @Inject
    Access access;

    @POST
    @Consumes(MediaType.WILDCARD)
    public Response submit(String body, @Context UriInfo uri,
                           @jakarta.ws.rs.HeaderParam("Idempotency-Key") String idempotencyKey) {
        String keyProblem = idempotencyKey == null ? null
                : SpecLimits.lineProblem(idempotencyKey, SpecLimits.IDEMPOTENCY_KEY_CHARS);
        if (keyProblem != null) {
            throw new SpecValidationException(List.of(new FieldError("Idempotency-Key", keyProblem)));
        }
        JobIntake.Outcome outcome = intake.submit(parse(body), access.caller(), idempotencyKey, body);
        if (!outcome.created()) {
            return Response.ok(get(outcome.job().id)).build();
        }
        return Response.created(uri.getAbsolutePathBuilder().path(outcome.job().id).build())
                .entity(JobView.of(outcome.job(), List.of()))
                .build();
    }

    @GET
    @Path("/{id}")
    @Transactional
    public JobView get(@PathParam("id") String id) {
        JobEntity job = access.job(id);
        List<TaskAttemptEntity> attempts = TaskAttemptEntity.list("jobId", Sort.by("taskName").and("attempt"), id);
        Map<String, TaskAttemptEntity> latest = new LinkedHashMap<>();
        attempts.forEach(a -> latest.merge(a.taskName, a, (x, y) -> x.attempt >= y.attempt ? x : y));
        List<TaskView> tasks = latest.values().stream()
                .sorted(Comparator.comparing(a -> io.mesoflow.events.TaskName.parse(a.taskName)))
                .map(TaskView::of)
                .toList();
        double cpuSeconds = attempts.stream().mapToDouble(a -> a.cpuSeconds == null ? 0 : a.cpuSeconds).sum();
        double gpuSeconds = attempts.stream().mapToDouble(a -> a.gpuSeconds == null ? 0 : a.gpuSeconds).sum();
        java.time.Instant firstStart = attempts.stream().map(a -> a.startedAt).filter(java.util.Objects::nonNull)
                .min(Comparator.naturalOrder()).orElse(null);
        return JobView.of(job, tasks, cpuSeconds / 3600, gpuSeconds / 3600, firstStart);
    }

    /** Submits the options JSON of the DC/OS beta-tensorflow package, translated to a native spec. */
    @POST
    @Path("/dcos")
    @Consumes(MediaType.WILDCARD)
    public Response submitDcos(String body, @Context UriInfo uri) {
        DcosOptionsTranslator.Translation translation = DcosOptionsTranslator.translate(parse(body));
        JobEntity job = intake.submit(translation.spec(), access.caller(), null, body).job();
        return Response.created(uri.getBaseUriBuilder().path("api/v1/jobs").path(job.id).build())
                .entity(new TranslatedJob(JobView.of(job, List.of()), translation.spec(), translation.warnings()))
                .build();
    }

    /** A job submitted in another format: the job, the native spec it became, and what was left out. */
    public record TranslatedJob(JobView job, JsonNode nativeSpec, List<String> warnings) {
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.WILDCARD)
    public JobView changeConfig(@PathParam("id") String id, String body) {
        visible(id);
        return get(changes.changeConfig(id, parse(body)).id);
    }

    @POST
    @Path("/{id}/cancel")
    @Consumes(MediaType.WILDCARD)
    public Response cancel(@PathParam("id") String id, String body) {
        visible(id);
        JsonNode json = body == null || body.isBlank() ? null : parse(body);
        String reason = json == null ? null : json.path("reason").asText(null);
        String reasonProblem = reason == null ? null : SpecLimits.lineProblem(reason, SpecLimits.CANCEL_REASON_CHARS);
        if (reasonProblem != null) {
            throw new SpecValidationException(List.of(new FieldError("reason", reasonProblem)));
        }
        changes.cancel(id, reason);
        return Response.accepted(get(id)).build();
    }

    @GET
    @Path("/{id}/revisions")
    @Transactional
    public List<RevisionView> revisions(@PathParam("id") String id) {
        requireJob(id);
        return JobRevisionEntity.<JobRevisionEntity>list("jobId", Sort.by("revision"), id).stream()
                .map(RevisionView::of).toList();
    }

    @GET
    @Path("/{id}/events")
    @Transactional
    public List<TimelineEntry> timeline(@PathParam("id") String id) {
        requireJob(id);
        return JobEventEntity.<JobEventEntity>list("jobId", Sort.by("id"), id).stream()
                .map(TimelineEntry::of).toList();
    }

    private void requireJob(String id) {
        access.job(id);
    }

    @Transactional
    void visible(String id) {
        access.job(id);
    }

    /** The body as JSON; a 400 problem when it is not JSON. */
    static JsonNode parse(String body) {
        try {
            return EventCodec.mapper().readTree(body == null ? "" : body);
        } catch (Exception e) {
            throw new SpecValidationException(List.of(new FieldError("", "the body is not valid JSON")));
        }
    }

    @GET
    @Path("/{id}/tasks")
    @Transactional
    public List<TaskView> attempts(@PathParam("id") String id) {
        requireJob(id);
        return TaskAttemptEntity.<TaskAttemptEntity>list("jobId", Sort.by("taskName").and("attempt"), id).stream()
                .map(TaskView::of)
                .toList();
    }

    /**
     * Jobs newest first. Filters: state, team, label ({@code key=value}), submittedAfter and
     * submittedBefore (ISO-8601), ended (true: history only; false: live jobs only). A user sees
     * only their team's jobs. The next page's cursor is in the {@code Mesoflow-Next-Cursor} header.
     */
    @GET
    @Transactional
    public Response list(@QueryParam("state") String state, @QueryParam("team") String team,
                         @QueryParam("label") String label, @QueryParam("submittedAfter") String after,
                         @QueryParam("submittedBefore") String before, @QueryParam("cursor") String cursor,
                         @QueryParam("limit") Integer limit,
                         @QueryParam("ended") Boolean ended) {
        List<FieldError> errors = new java.util.ArrayList<>();
        JobState stateFilter = parseState(state, errors);
        java.time.Instant afterFilter = parseInstant("submittedAfter", after, errors);
        java.time.Instant beforeFilter = parseInstant("submittedBefore", before, errors);
        if (label != null && label.indexOf('=') <= 0) {
            errors.add(new FieldError("label", "must be key=value"));
        }
        if (!errors.isEmpty()) {
            throw new SpecValidationException(errors);
        }
        io.mesoflow.api.auth.Caller caller = access.caller();
        if (!caller.admin()) {
            team = caller.team();
        }
        int pageSize = limit == null ? 50 : Math.max(1, Math.min(limit, config.maxPageSize()));
        JobQuery.Page page;
        try {
            page = query.list(new JobQuery.Filter(stateFilter, team, label, afterFilter, beforeFilter, ended), cursor,
                    pageSize);
        } catch (IllegalArgumentException e) {
            throw new SpecValidationException(List.of(new FieldError("cursor", e.getMessage())));
        }
        Response.ResponseBuilder response = Response.ok(page.jobs().stream().map(JobView::summary).toList());
        if (page.nextCursor() != null) {
            response.header("Mesoflow-Next-Cursor", page.nextCursor());
        }
        return response.build();
    }

    private static JobState parseState(String state, List<FieldError> errors) {
        if (state == null) {
            return null;
        }
        try {
            return JobState.valueOf(state.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError("state", "must be one of " + java.util.Arrays.toString(JobState.values())));
            return null;
        }
    }

    private static java.time.Instant parseInstant(String field, String value, List<FieldError> errors) {
        if (value == null) {
            return null;
        }
        try {
            return java.time.Instant.parse(value);
        } catch (java.time.format.DateTimeParseException e) {
            errors.add(new FieldError(field, "must be an ISO-8601 instant, e.g. 2026-11-24T10:00:00Z"));
            return null;
        }
    }
}
