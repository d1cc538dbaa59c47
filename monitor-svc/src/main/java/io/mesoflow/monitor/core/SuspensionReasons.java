package io.mesoflow.monitor.core;

import io.mesoflow.events.Suspension;
import java.util.Locale;

/**
 * The words for a suspension: who or what suspended the job, what it put at risk and the grace, so
 * the job's timeline (and the task's notice) says it plainly.
 */
public final class SuspensionReasons {
    private SuspensionReasons() {
    }

    /**
     * E.g. "preempted by job X: 0.12 GPU-hours since the last checkpoint (step 600) at risk; 30 s
     * grace to checkpoint". {@code why}: the request's own reason, added for a user's suspend.
     */
    public static String describe(Suspension suspension, String why) {
        StringBuilder text = new StringBuilder(who(suspension));
        if (suspension.cause() == io.mesoflow.events.SuspendCause.USER && why != null && !why.isBlank()) {
            text.append(" (").append(why.strip()).append(')');
        }
        String cost = cost(suspension);
        if (cost != null) {
            text.append(": ").append(cost);
        }
        if (suspension.gracePeriodSeconds() != null) {
            text.append("; ").append(suspension.gracePeriodSeconds()).append(" s grace to checkpoint");
        }
        return text.toString();
    }

    static String who(Suspension suspension) {
        String by = suspension.requestedBy();
        return switch (suspension.cause()) {
            case USER -> by == null ? "suspended by a user" : "suspended by " + by;
            case PREEMPTION -> by == null ? "preempted by a job of higher priority" : "preempted by job " + by;
            case BUDGET -> by != null && by.startsWith("budget:")
                    ? "suspended: team " + by.substring("budget:".length()) + " spent its GPU-hour budget"
                    : "suspended: its team spent its GPU-hour budget";
        };
    }

    private static String cost(Suspension suspension) {
        String step = suspension.checkpointStep() == null ? "" : " (step " + suspension.checkpointStep() + ")";
        if (suspension.gpuHoursSinceCheckpoint() != null) {
            return String.format(Locale.ROOT, "%.2f GPU-hours since the last checkpoint%s at risk",
                    suspension.gpuHoursSinceCheckpoint(), step);
        }
        return suspension.checkpointStep() == null ? null : "last checkpoint at step " + suspension.checkpointStep();
    }
}
