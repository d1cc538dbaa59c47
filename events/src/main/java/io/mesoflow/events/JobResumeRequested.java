package io.mesoflow.events;

import java.time.Instant;
import java.util.Objects;

/**
 * Put a suspended job back in the queue; its tasks start again as new attempts and restore from
 * the latest checkpoint, with any spec revision made while it was suspended. Topic
 * {@link Topics#JOBS}, from job-api (a user's resume). Preempted and budget-suspended jobs are
 * re-queued by placement-svc itself once {@code SUSPENDED}, without this event.
 */
public record JobResumeRequested(String jobId, String requestedBy, String reason, Instant requestedAt)
        implements MesoflowEvent {
    public JobResumeRequested {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(requestedAt, "requestedAt");
    }

    @Override
    public String key() {
        return jobId;
    }
}
