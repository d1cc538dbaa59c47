package io.mesoflow.api.model;

import io.mesoflow.events.JobState;
import io.mesoflow.events.TaskState;

/**
 * Whether a status update moves the read model forward. Updates arrive at least once and from two
 * producers (placement, monitor), so an old one may come after a newer one: it must not undo it.
 */
public final class JobStateRules {
    private JobStateRules() {
    }

    static int rank(JobState state) {
        return switch (state) {
            case SUBMITTED -> 0;
            case QUEUED -> 1;
            case PLACED -> 2;
            case LAUNCHING -> 3;
            case RUNNING, RESTARTING -> 4;
            case SUSPENDING, SUSPENDED -> 5; // TODO(issue 16, job-api): a resume goes back to QUEUED
            case SUCCEEDED, FAILED, CANCELLED -> 9;
        };
    }

    /** A job in {@code current} takes {@code next}: never out of a terminal state, never backwards. */
    public static boolean jobAccepts(JobState current, JobState next) {
        if (current.isTerminal()) {
            return false;
        }
        return rank(next) >= rank(current);
    }

    /** A task attempt in {@code current} takes {@code next}: never out of a terminal state, never backwards. */
    public static boolean taskAccepts(TaskState current, TaskState next) {
        if (current == null) {
            return true;
        }
        if (current.isTerminal()) {
            return false;
        }
        return next.progress() >= current.progress();
    }

    /**
     * An attempt's readiness after a status in {@code state} that says {@code reported}: while
     * RUNNING the latest reported (a status that says nothing keeps what was known), otherwise
     * null: readiness applies only to a running attempt.
     */
    public static Boolean readiness(Boolean known, TaskState state, Boolean reported) {
        if (state != TaskState.RUNNING) {
            return null;
        }
        return reported != null ? reported : known;
    }
}
