package io.mesoflow.launcher.local;

import io.mesoflow.events.TaskState;

/** Why a local task could not start, and how it ends: ERROR when retrying cannot help, FAILED otherwise. */
public final class TaskNotStarted extends Exception {
    private final TaskState state;
    private final String reason;

    TaskNotStarted(TaskState state, String reason, String message) {
        super(message);
        this.state = state;
        this.reason = reason;
    }

    /** A host that cannot run the task as its user: a missing user, root, an unreachable sandbox. */
    static TaskNotStarted hostMisconfigured(String message) {
        return new TaskNotStarted(TaskState.ERROR, "REASON_TASK_INVALID", message);
    }

    public TaskState state() {
        return state;
    }

    public String reason() {
        return reason;
    }
}
