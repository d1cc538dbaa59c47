package io.mesoflow.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.mesoflow.events.EventCodec;
import io.mesoflow.events.SuspendCause;
import io.mesoflow.events.Suspension;
import java.time.Instant;

/**
 * A job's suspension as job-api keeps it (JSON in {@code jobs.suspension} and on timeline lines):
 * who or what suspended it, why, what it cost, when, and when it left it again.
 *
 * @param at        when the job began suspending (the first SUSPENDING or SUSPENDED status)
 * @param resumedAt when it went back to the queue; null while still suspended
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobSuspension(SuspendCause cause, String requestedBy, String reason, Long gracePeriodSeconds,
                            Double gpuHoursSinceCheckpoint, Long checkpointStep, Instant at, Instant resumedAt) {

    /** From a status's suspension (its reason and time). */
    public static JobSuspension of(Suspension s, String reason, Instant at) {
        return new JobSuspension(s.cause(), s.requestedBy(), reason, s.gracePeriodSeconds(),
                s.gpuHoursSinceCheckpoint(), s.checkpointStep(), at, null);
    }

    /** This suspension, ended at {@code when}. */
    public JobSuspension resumed(Instant when) {
        return new JobSuspension(cause, requestedBy, reason, gracePeriodSeconds, gpuHoursSinceCheckpoint,
                checkpointStep, at, when);
    }

    /** Whether it is a user's (such a job waits for a resume; others are re-queued by placement). */
    public boolean byUser() {
        return cause == SuspendCause.USER;
    }

    public String json() {
        return EventCodec.json(this);
    }

    /** The stored JSON read back; null for none. */
    public static JobSuspension parse(String json) {
        return json == null ? null : EventCodec.fromJson(json, JobSuspension.class);
    }

    /** One line for the timeline: cause, who, cost. */
    public String describe() {
        StringBuilder text = new StringBuilder(cause.wireName());
        if (requestedBy != null) {
            text.append(" by ").append(requestedBy);
        }
        text.append(gpuHoursSinceCheckpoint == null ? "; work since the last checkpoint unknown"
                : String.format(java.util.Locale.ROOT, "; %.2f GPU-hours since the last checkpoint",
                        gpuHoursSinceCheckpoint));
        if (checkpointStep != null) {
            text.append(" (step ").append(checkpointStep).append(')');
        }
        if (gracePeriodSeconds != null) {
            text.append("; grace ").append(gracePeriodSeconds).append(" s");
        }
        return text.toString();
    }
}
