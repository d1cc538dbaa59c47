package io.mesoflow.events;

/** A job's lifecycle state (docs/architecture.md, "Job lifecycle"). */
public enum JobState {
    SUBMITTED, QUEUED, PLACED, LAUNCHING, RUNNING, RESTARTING, SUCCEEDED, FAILED, CANCELLED;

    public boolean isTerminal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }
}
