package io.mesoflow.events;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The answer to a job submitted on {@link Topics#JOB_SUBMISSIONS}. Topic
 * {@link Topics#JOB_SUBMISSION_RESULTS}, keyed by the submission id (the submission record's key,
 * or {@code <partition>-<offset>} when it had none).
 *
 * @param accepted true with the new job's id; false with every reason in {@code errors}
 */
public record JobSubmissionResult(String submissionId, boolean accepted, String jobId, List<Rejection> errors,
                                  Instant answeredAt) implements MesoflowEvent {
    /** One reason a submission was rejected: the spec field (JSON Pointer-ish path) and why. */
    public record Rejection(String field, String reason) {
    }

    public JobSubmissionResult {
        Objects.requireNonNull(submissionId, "submissionId");
        Objects.requireNonNull(answeredAt, "answeredAt");
        errors = errors == null ? List.of() : List.copyOf(errors);
    }

    @Override
    public String key() {
        return submissionId;
    }
}
