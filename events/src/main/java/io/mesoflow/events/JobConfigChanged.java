package io.mesoflow.events;

import java.time.Instant;
import java.util.Objects;

/** A running job got a new spec revision (live config). Topic {@link Topics#JOBS}. */
public record JobConfigChanged(String jobId, int revision, JobSpec spec, Instant changedAt) implements MesoflowEvent {
    public JobConfigChanged {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(changedAt, "changedAt");
    }

    @Override
    public String key() {
        return jobId;
    }
}
