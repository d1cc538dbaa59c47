package io.mesoflow.events;

import java.time.Instant;
import java.util.Objects;

/**
 * Suspend a job: its tasks get a preemption notice (SIGTERM and the notice file), then the grace
 * period, then are killed; the job ends up {@code SUSPENDED} holding no resources. Topic
 * {@link Topics#JOBS}, from job-api (a user) or placement-svc (preemption, budget), through their
 * outboxes. Consumed by monitor-svc (carries it out) and placement-svc (keeps the job, drops its
 * pending relaunches, remembers who preempted whom).
 */
public record JobSuspendRequested(String jobId, Suspension suspension, String reason, Instant requestedAt)
        implements MesoflowEvent {
    public JobSuspendRequested {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(suspension, "suspension");
        Objects.requireNonNull(requestedAt, "requestedAt");
    }

    @Override
    public String key() {
        return jobId;
    }
}
