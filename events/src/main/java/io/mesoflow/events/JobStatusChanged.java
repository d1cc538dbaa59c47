package io.mesoflow.events;

import java.time.Instant;
import java.util.Objects;

/**
 * A job changed state, with the reason (why it waits, why it failed). Topic {@link Topics#JOB_STATUS}.
 *
 * @param queuePosition the job's place in the pending queue while QUEUED (1 = next), else null
 */
public record JobStatusChanged(String jobId, JobState state, String reason, Integer queuePosition,
                               Instant timestamp) implements MesoflowEvent {
    public JobStatusChanged {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(timestamp, "timestamp");
    }

    @Override
    public String key() {
        return jobId;
    }
}
