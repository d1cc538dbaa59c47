package io.mesoflow.events;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A job changed state, with the reason (why it waits, why it failed). Topic {@link Topics#JOB_STATUS}.
 *
 * @param queuePosition the job's place in the pending queue while QUEUED (1 = next), else null
 * @param suspension    on SUSPENDING and SUSPENDED (and the QUEUED of an automatic resume): who, why, what it cost
 * @param fencedAttempts on monitor's SUSPENDED: each task's highest attempt that may have been launched
 *                      before the suspension (task name to attempt). Attempts of the resumed run must be
 *                      above these; an attempt at or below them that starts is killed. Null otherwise.
 */
public record JobStatusChanged(String jobId, JobState state, String reason, Integer queuePosition,
                               Instant timestamp,
                               @com.fasterxml.jackson.annotation.JsonInclude(
                                       com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
                               Suspension suspension,
                               @com.fasterxml.jackson.annotation.JsonInclude(
                                       com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
                               Map<String, Integer> fencedAttempts) implements MesoflowEvent {
    public JobStatusChanged {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(timestamp, "timestamp");
        fencedAttempts = fencedAttempts == null ? null : Map.copyOf(fencedAttempts);
    }

    /** A change with a suspension and no fences (all but monitor's SUSPENDED). */
    public JobStatusChanged(String jobId, JobState state, String reason, Integer queuePosition, Instant timestamp,
                            Suspension suspension) {
        this(jobId, state, reason, queuePosition, timestamp, suspension, null);
    }

    /** A change that is not about a suspension. */
    public JobStatusChanged(String jobId, JobState state, String reason, Integer queuePosition, Instant timestamp) {
        this(jobId, state, reason, queuePosition, timestamp, null);
    }

    @Override
    public String key() {
        return jobId;
    }
}
