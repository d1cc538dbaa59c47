package io.mesoflow.api.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.mesoflow.api.SpecRules;
import io.mesoflow.api.model.JobEntity;
import io.mesoflow.api.model.JobEventEntity;
import io.mesoflow.api.model.JobRevisionEntity;
import io.mesoflow.api.spec.ConfigChangeRules;
import io.mesoflow.api.spec.FieldError;
import io.mesoflow.api.spec.MergePatch;
import io.mesoflow.api.spec.SpecValidationException;
import io.mesoflow.events.EventCodec;
import io.mesoflow.events.JobCancelRequested;
import io.mesoflow.events.JobConfigChanged;
import io.mesoflow.events.JobSpec;
import io.mesoflow.events.JobState;
import io.mesoflow.events.Topics;
import io.mesoflow.service.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.NotFoundException;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/** Changes to submitted jobs: live config revisions and cancellation. */
@ApplicationScoped
public class JobChanges {
    @Inject
    Outbox outbox;

    @Inject
    SpecRules rules;

    /**
     * Applies a merge patch to the job's spec; a valid change becomes a new revision and a
     * JobConfigChanged event. Returns the job (unchanged when the patch changes nothing). The
     * patched spec is validated and confined like a new one (limits, artifact roots, the team's
     * output root); an {@code outputDir} in the patch must resolve to the one the job has.
     */
    @Transactional
    public JobEntity changeConfig(String id, JsonNode patch) {
        JobEntity job = lockUnended(id,
                state -> "job " + id + " has ended (" + state + "); its config cannot change");
        if (patch == null || !patch.isObject()) {
            throw new SpecValidationException(List.of(new FieldError("", "the body must be a JSON merge patch object")));
        }
        JsonNode request = MergePatch.apply(EventCodec.fromJson(job.request, JsonNode.class), patch);
        JobSpec before = EventCodec.fromJson(job.spec, JobSpec.class);
        JobSpec after = rules.parser().parse(request, id);
        if (!patch.has("outputDir")) {
            // the default output dir follows the configured root, which may have moved since the job was submitted
            after = after.withOutputDir(before.outputDir());
        }
        List<FieldError> violations = ConfigChangeRules.violations(before, after);
        if (!violations.isEmpty()) {
            throw new SpecValidationException(violations);
        }
        if (after.equals(before)) {
            return job;
        }
        Instant now = Instant.now();
        job.revision += 1;
        job.spec = EventCodec.json(after);
        job.request = request.toString();
        job.updatedAt = now;
        JobRevisionEntity revision = new JobRevisionEntity();
        revision.jobId = id;
        revision.revision = job.revision;
        revision.spec = job.spec;
        revision.request = job.request;
        revision.createdAt = now;
        revision.persist();
        JobEventEntity.record(id, now, "CONFIG", null, null, null, "revision " + job.revision + ": " + patch);
        outbox.add(Topics.JOBS, new JobConfigChanged(id, job.revision, after, now));
        return job;
    }

    @Transactional
    public JobEntity cancel(String id, String reason) {
        JobEntity job = lockUnended(id, state -> "job " + id + " has already ended (" + state + ")");
        Instant now = Instant.now();
        String why = reason == null || reason.isBlank() ? "cancelled by request" : reason;
        JobEventEntity.record(id, now, "JOB", null, null, "CANCEL_REQUESTED", why);
        outbox.add(Topics.JOBS, new JobCancelRequested(id, why, now));
        return job;
    }

    /** The job, locked for the change; a 404 when there is none, a 409 ({@code ended} says why) when it has ended. */
    private static JobEntity lockUnended(String id, Function<JobState, String> ended) {
        JobEntity job = JobEntity.findById(id, LockModeType.PESSIMISTIC_WRITE);
        if (job == null) {
            throw new NotFoundException("no job '" + id + "'");
        }
        if (job.state.isTerminal()) {
            throw new ConflictException(ended.apply(job.state));
        }
        return job;
    }
}
