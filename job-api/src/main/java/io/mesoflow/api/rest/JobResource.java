package io.mesoflow.api.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.mesoflow.api.ApiConfig;
import io.mesoflow.api.JobService;
import io.mesoflow.api.JobChanges;
import io.mesoflow.api.model.JobEntity;
import io.mesoflow.api.model.JobEventEntity;
import io.mesoflow.api.model.JobRevisionEntity;
import io.mesoflow.api.model.TaskAttemptEntity;
import io.mesoflow.api.spec.DcosOptionsTranslator;
import io.mesoflow.api.spec.FieldError;
import io.mesoflow.api.spec.JobSpecParser;
import io.mesoflow.api.spec.SpecValidationException;
import io.mesoflow.events.EventCodec;
import io.mesoflow.events.JobSpec;
import io.mesoflow.events.JobState;
import io.quarkus.panache.common.Sort;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
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
    JobService jobs;

    @Inject
    ApiConfig config;

    @Inject
    JobChanges changes;

    @POST
    @Consumes(MediaType.WILDCARD)
    public Response submit(String body, @Context UriInfo uri) {
        JsonNode json = parse(body);
        JobSpecParser parser = new JobSpecParser(config.defaultOutputRoot());
        String jobId = JobService.newJobId(json != null && json.path("name").isTextual()
                ? json.path("name").asText() : "job");
        JobSpec spec = parser.parse(json, jobId);
        JobEntity job = jobs.submit(jobId, spec, json.toString());
        return Response.created(uri.getAbsolutePathBuilder().path(job.id).build())
                .entity(JobView.of(job, List.of()))
                .build();
    }

    @GET
    @Path("/{id}")
    @Transactional
    public JobView get(@PathParam("id") String id) {
        JobEntity job = JobEntity.findById(id);
        if (job == null) {
            throw new NotFoundException("no job '" + id + "'");
        }
        List<TaskAttemptEntity> attempts = TaskAttemptEntity.list("jobId", Sort.by("taskName").and("attempt"), id);
        Map<String, TaskAttemptEntity> latest = new LinkedHashMap<>();
        attempts.forEach(a -> latest.merge(a.taskName, a, (x, y) -> x.attempt >= y.attempt ? x : y));
        List<TaskView> tasks = latest.values().stream()
                .sorted(Comparator.comparing(a -> io.mesoflow.events.TaskName.parse(a.taskName)))
                .map(TaskView::of)
                .toList();
        double cpuSeconds = attempts.stream().mapToDouble(a -> a.cpuSeconds == null ? 0 : a.cpuSeconds).sum();
        double gpuSeconds = attempts.stream().mapToDouble(a -> a.gpuSeconds == null ? 0 : a.gpuSeconds).sum();
        return JobView.of(job, tasks, cpuSeconds / 3600, gpuSeconds / 3600);
    }

    /** Submits the options JSON of the DC/OS beta-tensorflow package, translated to a native spec. */
    @POST
    @Path("/dcos")
    @Consumes(MediaType.WILDCARD)
    public Response submitDcos(String body, @Context UriInfo uri) {
        DcosOptionsTranslator.Translation translation = DcosOptionsTranslator.translate(parse(body));
        JobSpecParser parser = new JobSpecParser(config.defaultOutputRoot());
        String jobId = JobService.newJobId(translation.spec().path("name").asText("job"));
        JobSpec spec = parser.parse(translation.spec(), jobId);
        JobEntity job = jobs.submit(jobId, spec, translation.spec().toString());
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
        return get(changes.changeConfig(id, parse(body)).id);
    }

    @POST
    @Path("/{id}/cancel")
    @Consumes(MediaType.WILDCARD)
    public Response cancel(@PathParam("id") String id, String body) {
        JsonNode json = body == null || body.isBlank() ? null : parse(body);
        changes.cancel(id, json == null ? null : json.path("reason").asText(null));
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

    private static void requireJob(String id) {
        if (JobEntity.findById(id) == null) {
            throw new NotFoundException("no job '" + id + "'");
        }
    }

    private static JsonNode parse(String body) {
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
        if (JobEntity.findById(id) == null) {
            throw new NotFoundException("no job '" + id + "'");
        }
        return TaskAttemptEntity.<TaskAttemptEntity>list("jobId", Sort.by("taskName").and("attempt"), id).stream()
                .map(TaskView::of)
                .toList();
    }

    @GET
    @Transactional
    public List<JobView> list(@QueryParam("state") JobState state, @QueryParam("limit") Integer limit) {
        int pageSize = limit == null ? 50 : Math.max(1, Math.min(limit, config.maxPageSize()));
        var query = state == null
                ? JobEntity.<JobEntity>findAll(Sort.descending("submittedAt"))
                : JobEntity.<JobEntity>find("state", Sort.descending("submittedAt"), state);
        return query.page(0, pageSize).list().stream().map(JobView::summary).toList();
    }
}
