package io.mesoflow.events;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Suspend a job: its tasks get a preemption notice (SIGTERM and the notice file), then the grace
 * period, then are killed; the job ends up {@code SUSPENDED} holding no resources. Topic
 * {@link Topics#JOBS}, from job-api (a user) or placement-svc (preemption, budget), through their
 * outboxes. Consumed by monitor-svc (carries it out) and placement-svc (keeps the job, drops its
 * pending relaunches, remembers who preempted whom).
 *
 * @param placedAttempts placement's requests only (null from a user): each task's attempt placement
 *                       placed last, which may launch yet. monitor fences at least these, and one
 *                       above the fences it keeps for a job it has SUSPENDED says placement placed
 *                       the job again before its resumed run reported.
 */
public record JobSuspendRequested(String jobId, Suspension suspension, String reason, Instant requestedAt,
                                  Map<String, Integer> placedAttempts) implements MesoflowEvent {
    public JobSuspendRequested {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(suspension, "suspension");
        Objects.requireNonNull(requestedAt, "requestedAt");
        placedAttempts = placedAttempts == null ? null : Map.copyOf(placedAttempts);
    }

    /** A request that knows no placed attempts (a user's). */
    public JobSuspendRequested(String jobId, Suspension suspension, String reason, Instant requestedAt) {
        this(jobId, suspension, reason, requestedAt, null);
    }

    @Override
    public String key() {
        return jobId;
    }
}
