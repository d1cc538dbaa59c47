package io.mesoflow.events;

import java.time.Instant;
import java.util.Objects;

/** A new job was accepted by job-api. Topic {@link Topics#JOBS}. */
public record JobSubmitted(String jobId, int revision, JobSpec spec, Instant submittedAt) implements MesoflowEvent {
    public JobSubmitted {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(submittedAt, "submittedAt");
    }

    @Override
    public String key() {
        return jobId;
    }
}
