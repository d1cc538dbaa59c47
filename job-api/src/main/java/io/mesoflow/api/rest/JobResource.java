package io.mesoflow.api.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.mesoflow.api.ApiConfig;
import io.mesoflow.api.auth.Caller;
import io.mesoflow.api.model.JobEntity;
import io.mesoflow.api.model.JobProgressEntity;
import io.mesoflow.api.service.JobChanges;
import io.mesoflow.api.service.JobIntake;
import io.mesoflow.api.service.JobListing;
import io.mesoflow.api.service.JobSuspensions;
import io.mesoflow.api.spec.JobCommandParser;
import io.mesoflow.api.service.JobQuery;
import io.mesoflow.api.service.ProgressQuery;
import io.mesoflow.api.service.QueueEstimates;
import io.mesoflow.api.service.Submission;
import io.mesoflow.api.spec.DcosOptionsTranslator;
import io.mesoflow.api.spec.FieldError;
import io.mesoflow.api.spec.SpecLimits;
import io.mesoflow.api.spec.SpecValidationException;
import io.mesoflow.events.EventCodec;
import io.mesoflow.events.JobState;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Submit, list and inspect training jobs: HTTP in and out; the intake and the job query do the work. */
@Path("/api/v1/jobs")
@Produces(MediaType.APPLICATION_JSON)
public class JobResource {
    @Inject
    ApiConfig config;

    @Inject
    JobIntake intake;

    @Inject
    JobChanges changes;

    @Inject
    JobQuery query;

    @Inject
    JobSuspensions suspensions;

    @Inject
    Access access;

    @Inject
    ProgressQuery progress;

    @Inject
    QueueEstimates queue;

    @POST
    @Consumes(MediaType.WILDCARD)
    public Response submit(String body, @Context UriInfo uri, @HeaderParam("Idempotency-Key") String idempotencyKey) {
        String keyProblem = idempotencyKey == null ? null
                : SpecLimits.lineProblem(idempotencyKey, SpecLimits.IDEMPOTENCY_KEY_CHARS);
        if (keyProblem != null) {
            throw new SpecValidationException(List.of(new FieldError("Idempotency-Key", keyProblem)));
        }
        JobIntake.Outcome outcome = intake.submit(new Submission(body, access.caller(), idempotencyKey));
        if (!outcome.created()) {
            return Response.ok(view(outcome.job())).build();
        }
        return Response.created(uri.getAbsolutePathBuilder().path(outcome.job().id).build())
                .entity(JobView.of(outcome.job(), List.of()))
                .build();
    }

    /** Submits the options JSON of the DC/OS beta-tensorflow package, translated to a native spec. */
    @POST
    @Path("/dcos")
    @Consumes(MediaType.WILDCARD)
    public Response submitDcos(String body, @Context UriInfo uri) {
        DcosOptionsTranslator.Translation translation = DcosOptionsTranslator.translate(JsonBody.parse(body));
        JobEntity job = intake.submit(new Submission(translation.spec().toString(), access.caller(), null)).job();
        return Response.created(uri.getBaseUriBuilder().path("api/v1/jobs").path(job.id).build())
                .entity(new TranslatedJob(JobView.of(job, List.of()), EventCodec.fromJson(job.request, JsonNode.class),
                        translation.warnings()))
                .build();
    }

    /** A job submitted in another format: the job, the native spec it became, and what was left out. */
    public record TranslatedJob(JobView job, JsonNode nativeSpec, List<String> warnings) {
    }

    @GET
    @Path("/{id}")
    @Transactional
    public JobView get(@PathParam("id") String id) {
        return view(access.job(id));
    }

    /** The job's own page: details, progress and, while queued, its start ETA. */
    @Transactional
    JobView view(JobEntity job) {
        return JobView.of(query.details(job), ProgressView.of(progress.latest(job.id)), startEta(job));
    }

    /** The job's latest progress and its scalar series ({@code [[step, value], ...]} per tag, in step order). */
    @GET
    @Path("/{id}/progress")
    @Transactional
    public JobProgressView progress(@PathParam("id") String id) {
        JobEntity job = access.job(id);
        return JobProgressView.of(ProgressView.of(progress.latest(job.id)), progress.series(job.id));
    }

    /** While the job is queued, its place and start ETA; null otherwise. */
    private StartEtaView startEta(JobEntity job) {
        if (job.state != JobState.QUEUED) {
            return null;
        }
        QueueEstimates.QueuedJob queued = queue.estimate(access.caller()::canAccess, Instant.now(), List.of(job.id))
                .get(job.id);
        return queued == null ? null : StartEtaView.of(queued.estimate());
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.WILDCARD)
    public JobView changeConfig(@PathParam("id") String id, String body) {
        visible(id);
        return get(changes.changeConfig(id, JsonBody.parse(body)).id);
    }

    @POST
    @Path("/{id}/cancel")
    @Consumes(MediaType.WILDCARD)
    public Response cancel(@PathParam("id") String id, String body) {
        visible(id);
        JsonNode json = body == null || body.isBlank() ? null : JsonBody.parse(body);
        String reason = json == null ? null : json.path("reason").asText(null);
        String reasonProblem = reason == null ? null : SpecLimits.lineProblem(reason, SpecLimits.CANCEL_REASON_CHARS);
        if (reasonProblem != null) {
            throw new SpecValidationException(List.of(new FieldError("reason", reasonProblem)));
        }
        changes.cancel(id, reason);
        return Response.accepted(get(id)).build();
    }

    /**
     * Suspends the job (body optional: {@code {"reason", "gracePeriodSeconds"}}): 202 with the job;
     * 200 when it is already suspending or suspended; 409 when it has ended.
     */
    @POST
    @Path("/{id}/suspend")
    @Consumes(MediaType.WILDCARD)
    public Response suspend(@PathParam("id") String id, String body) {
        visible(id);
        JobCommandParser.Command command = JobCommandParser.body(JobCommandParser.Action.SUSPEND, optional(body));
        JobSuspensions.Outcome outcome = suspensions.suspend(id, access.caller(), command.reason(),
                command.gracePeriodSeconds());
        return (outcome.changed() ? Response.accepted() : Response.ok()).entity(get(id)).build();
    }

    /**
     * Resumes a job a user suspended (body optional: {@code {"reason"}}): 202 with the job; 200 when
     * a resume was already asked for; 409 while still suspending, for a job suspended by preemption
     * or its budget (it resumes by itself), or one that is not suspended.
     */
    @POST
    @Path("/{id}/resume")
    @Consumes(MediaType.WILDCARD)
    public Response resume(@PathParam("id") String id, String body) {
        visible(id);
        JobCommandParser.Command command = JobCommandParser.body(JobCommandParser.Action.RESUME, optional(body));
        JobSuspensions.Outcome outcome = suspensions.resume(id, access.caller(), command.reason());
        return (outcome.changed() ? Response.accepted() : Response.ok()).entity(get(id)).build();
    }

    private static JsonNode optional(String body) {
        return body == null || body.isBlank() ? null : JsonBody.parse(body);
    }

    @GET
    @Path("/{id}/revisions")
    @Transactional
    public List<RevisionView> revisions(@PathParam("id") String id) {
        return query.revisions(access.job(id).id).stream().map(RevisionView::of).toList();
    }

    @GET
    @Path("/{id}/events")
    @Transactional
    public List<TimelineEntry> timeline(@PathParam("id") String id) {
        return query.timeline(access.job(id).id).stream().map(TimelineEntry::of).toList();
    }

    @GET
    @Path("/{id}/tasks")
    @Transactional
    public List<TaskView> attempts(@PathParam("id") String id) {
        return query.attempts(access.job(id).id).stream().map(TaskView::of).toList();
    }

    /** A 404 unless the caller may see the job (a change to it is not even tried). */
    @Transactional
    void visible(String id) {
        access.job(id);
    }

    /**
     * Jobs newest first. Filters: state, team, label ({@code key=value}), submittedAfter and
     * submittedBefore (ISO-8601), ended (true: history only; false: live jobs only), name (a part of
     * the name or id, in any case; at most 200 characters). A user sees
     * only their team's jobs. The next page's cursor is in the {@code Mesoflow-Next-Cursor} header.
     */
    @GET
    public Response list(@QueryParam("state") String state, @QueryParam("team") String team,
                         @QueryParam("label") String label, @QueryParam("submittedAfter") String after,
                         @QueryParam("submittedBefore") String before, @QueryParam("cursor") String cursor,
                         @QueryParam("limit") Integer limit,
                         @QueryParam("ended") Boolean ended, @QueryParam("name") String name) {
        QueryFilters filters = new QueryFilters();
        JobState stateFilter = filters.constant("state", state == null ? null : state.toUpperCase(Locale.ROOT),
                JobState.class);
        Instant afterFilter = filters.instant("submittedAfter", after);
        Instant beforeFilter = filters.instant("submittedBefore", before);
        if (label != null && label.indexOf('=') <= 0) {
            filters.reject("label", "must be key=value");
        }
        if (name != null && (name.length() > 200 || SpecLimits.controlCharacter(name, false) != null)) {
            filters.reject("name", "must be at most 200 characters without control characters");
        }
        filters.check();
        Caller caller = access.caller();
        String teamFilter = caller.admin() ? team : caller.team();
        int pageSize = limit == null ? 50 : Math.max(1, Math.min(limit, config.maxPageSize()));
        JobListing.Page page;
        try {
            page = query.list(new JobListing.Filter(stateFilter, teamFilter, label, afterFilter, beforeFilter, ended,
                    name),
                    cursor, pageSize);
        } catch (IllegalArgumentException e) {
            throw new SpecValidationException(List.of(new FieldError("cursor", e.getMessage())));
        }
        Response.ResponseBuilder response = Response.ok(summaries(page.jobs()));
        if (page.nextCursor() != null) {
            response.header("Mesoflow-Next-Cursor", page.nextCursor());
        }
        return response.build();
    }

    /**
     * List items with their progress and start ETAs: one query for every progress row of the page,
     * and the queue estimated once when the page holds a queued job (from a load at most
     * {@link QueueEstimates#FRESH_FOR} old that knows the page's queued jobs).
     */
    private List<JobView> summaries(List<JobEntity> jobs) {
        Map<String, JobProgressEntity> rows = progress.latest(jobs.stream().map(j -> j.id).toList());
        List<String> queuedIds = jobs.stream().filter(j -> j.state == JobState.QUEUED).map(j -> j.id).toList();
        Map<String, QueueEstimates.QueuedJob> queued = queuedIds.isEmpty() ? Map.of()
                : queue.estimate(access.caller()::canAccess, Instant.now(), queuedIds);
        return jobs.stream().map(job -> JobView.summary(job, ProgressView.summary(rows.get(job.id)),
                queued.containsKey(job.id) ? StartEtaView.of(queued.get(job.id).estimate()) : null)).toList();
    }
}
