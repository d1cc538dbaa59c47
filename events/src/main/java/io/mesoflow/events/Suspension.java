package io.mesoflow.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;

/**
 * Why a job is being or was suspended, and what it cost: carried on {@link JobSuspendRequested}
 * and on the {@code SUSPENDING}/{@code SUSPENDED} {@link JobStatusChanged}, so the timeline can say
 * who did it and how much work was at risk.
 *
 * @param requestedBy             the user, the preempting job's id, or {@code budget:<team>}
 * @param gracePeriodSeconds      SIGTERM to SIGKILL; null: the job's own ({@code gracePeriodSeconds}), else the default
 * @param gpuHoursSinceCheckpoint GPU-hours of work since the job's last checkpoint when decided; null: unknown
 * @param checkpointStep          the job's last checkpoint step when decided; null: none known
 */
public record Suspension(SuspendCause cause, String requestedBy,
                         @JsonInclude(JsonInclude.Include.NON_NULL) Long gracePeriodSeconds,
                         @JsonInclude(JsonInclude.Include.NON_NULL) Double gpuHoursSinceCheckpoint,
                         @JsonInclude(JsonInclude.Include.NON_NULL) Long checkpointStep) {
    public Suspension {
        Objects.requireNonNull(cause, "cause");
    }

    /** Preempted and budget-suspended jobs resume by themselves; a user's suspend waits for a resume. */
    public boolean resumesByItself() {
        return cause != SuspendCause.USER;
    }
}
