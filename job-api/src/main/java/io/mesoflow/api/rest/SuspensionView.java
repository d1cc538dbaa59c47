package io.mesoflow.api.rest;

import io.mesoflow.api.model.JobSuspension;
import java.time.Instant;

/**
 * A job's latest suspension as the API shows it: who or what suspended it (cause {@code user},
 * {@code preemption} or {@code budget}), why, what it cost, when it began and, once the job went
 * back to the queue, when ({@code resumedAt}; null while it is still suspended).
 */
public record SuspensionView(String cause, String requestedBy, String reason, Long gracePeriodSeconds,
                             Double gpuHoursSinceCheckpoint, Long checkpointStep, Instant at, Instant resumedAt) {
    static SuspensionView of(String json) {
        JobSuspension s = JobSuspension.parse(json);
        return s == null ? null : new SuspensionView(s.cause().wireName(), s.requestedBy(), s.reason(),
                s.gracePeriodSeconds(), s.gpuHoursSinceCheckpoint(), s.checkpointStep(), s.at(), s.resumedAt());
    }
}
