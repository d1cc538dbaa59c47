package io.mesoflow.events;

/**
 * A job's lifecycle state (docs/architecture.md, "Job lifecycle"). {@code SUSPENDING}: its tasks
 * got a preemption notice and have their grace period to checkpoint; {@code SUSPENDED}: every task
 * ended, the job holds no resources and keeps its history and output; it goes back to
 * {@code QUEUED} when resumed (docs/suspend-and-preemption.md).
 */
public enum JobState {
    SUBMITTED, QUEUED, PLACED, LAUNCHING, RUNNING, RESTARTING, SUSPENDING, SUSPENDED, SUCCEEDED, FAILED, CANCELLED;

    public boolean isTerminal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }
}
