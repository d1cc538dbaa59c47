package io.mesoflow.events;

import java.time.Instant;
import java.util.Objects;

/** A user asked to cancel a job. Topic {@link Topics#JOBS}. */
public record JobCancelRequested(String jobId, String reason, Instant requestedAt) implements MesoflowEvent {
    public JobCancelRequested {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(requestedAt, "requestedAt");
    }

    @Override
    public String key() {
        return jobId;
    }
}
