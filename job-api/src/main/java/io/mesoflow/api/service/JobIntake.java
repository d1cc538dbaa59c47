package io.mesoflow.api.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mesoflow.api.limits.SubmissionRateLimit;
import io.mesoflow.api.model.JobEntity;
import io.mesoflow.events.EventCodec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Every way a job comes in (HTTP, DC/OS options, Kafka) goes through here, top to bottom: read the
 * spec, answer a repeated idempotency key with its job, accept the spec (team and fields), take the
 * team's rate limit, mint the job id from the validated name, store. Nothing is stored before the
 * last step, so a refused submission leaves no trace but its audit entry.
 */
@ApplicationScoped
public class JobIntake {
    @Inject
    IdempotencyKeys keys;

    @Inject
    SpecAcceptance acceptance;

    @Inject
    SubmissionRateLimit rateLimit;

    @Inject
    JobStore store;

    /** What a submission did: the job, and whether this call created it (false: a replay). */
    public record Outcome(JobEntity job, boolean created) {
    }

    public Outcome submit(Submission submission) {
        ObjectNode request = read(submission.body());
        JobEntity replayed = keys.replay(submission);
        if (replayed != null) {
            return new Outcome(replayed, false);
        }
        AcceptedSpec accepted = acceptance.accept(request, submission.caller());
        rateLimit.acquire(accepted.spec().team());
        String jobId = JobIds.mint(accepted.spec().name());
        try {
            return new Outcome(store.create(jobId, accepted.forJob(jobId), accepted.request(), submission), true);
        } catch (RuntimeException e) {
            // the same key submitted twice at once: one stores the job, the other answers with it
            return new Outcome(keys.createdConcurrently(submission).orElseThrow(() -> e), false);
        }
    }

    private static ObjectNode read(String body) {
        JsonNode json;
        try {
            json = EventCodec.mapper().readTree(body == null ? "" : body);
        } catch (JsonProcessingException e) {
            throw new UnreadableSpecException("the body is not valid JSON");
        }
        if (!(json instanceof ObjectNode object)) {
            throw new UnreadableSpecException("the job spec must be a JSON object");
        }
        return object;
    }
}
