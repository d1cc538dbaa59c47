package io.mesoflow.events;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Audit: secrets-svc resolved (or failed to resolve) one secret reference for a job's tasks.
 * Never carries the value. Topic {@link Topics#AUDIT}, keyed by job.
 *
 * @param outcome RESOLVED, NOT_FOUND, DENIED or UNAVAILABLE
 */
public record SecretResolved(String jobId, String team, List<String> tasks, String source, String outcome,
                             String reason, Instant resolvedAt) implements MesoflowEvent {
    public SecretResolved {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(resolvedAt, "resolvedAt");
        tasks = tasks == null ? List.of() : List.copyOf(tasks);
    }

    @Override
    public String key() {
        return jobId;
    }
}
