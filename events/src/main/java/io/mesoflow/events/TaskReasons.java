package io.mesoflow.events;

import java.util.Set;

/** Reasons in {@link TaskStatusChanged#reason()} that services act on, beyond Mesos' own names. */
public final class TaskReasons {
    /** The master refused the launch's offers (used, rescinded, of several agents): the task never ran. */
    public static final String INVALID_OFFERS = "REASON_INVALID_OFFERS";
    /** The launcher could not send the launch to the backend (no subscription, master unreachable). */
    public static final String LAUNCH_NOT_SENT = "MESOFLOW_LAUNCH_NOT_SENT";

    private static final Set<String> NEVER_STARTED = Set.of(INVALID_OFFERS, LAUNCH_NOT_SENT);

    private TaskReasons() {
    }

    /** Whether a task that ended with this reason never started: its launch was refused, not its program. */
    public static boolean launchRefused(String reason) {
        return reason != null && NEVER_STARTED.contains(reason);
    }
}
