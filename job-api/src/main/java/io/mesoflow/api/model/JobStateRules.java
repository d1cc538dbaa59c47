package io.mesoflow.api.model;

import io.mesoflow.events.JobState;
import io.mesoflow.events.TaskState;
import java.time.Instant;

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
            case SUSPENDING -> 5;
            case SUSPENDED -> 6;
            case SUCCEEDED, FAILED, CANCELLED -> 9;
        };
    }

    /** A job in {@code current} takes {@code next}: never out of a terminal state, never backwards. */
    public static boolean jobAccepts(JobState current, JobState next) {
        return jobAccepts(current, null, next, null);
    }

    /**
     * A job in {@code current}, whose last suspend/resume boundary was at {@code cycleAt} (null:
     * never suspended), takes {@code next} reported at {@code at}. Never out of a terminal state;
     * an end always applies. Otherwise a status older than the boundary is a late one from before
     * it and is ignored; within a cycle a job moves only forward
     * ({@code QUEUED → PLACED → LAUNCHING → RUNNING → SUSPENDING → SUSPENDED}), and the one way
     * back is a resume: out of {@code SUSPENDING}/{@code SUSPENDED} to {@code QUEUED},
     * {@code PLACED}, {@code LAUNCHING} or {@code RUNNING}, at or after the boundary.
     */
    public static boolean jobAccepts(JobState current, Instant cycleAt, JobState next, Instant at) {
        if (current.isTerminal()) {
            return false;
        }
        if (next.isTerminal()) {
            return true;
        }
        if (cycleAt != null && at != null && at.isBefore(cycleAt)) {
            return false;
        }
        if (rank(next) >= rank(current)) {
            return true;
        }
        return isResume(current, next);
    }

    /**
     * As {@link #jobAccepts(JobState, Instant, JobState, Instant)}, for a job that a user suspended
     * and nobody has resumed yet ({@code resumeAwaited}): such a job leaves its suspension only
     * through a resume request, so a QUEUED (or later) status then is one placement sent before it
     * heard of the suspension, and is ignored. Placement re-queues a preempted or budget-suspended
     * job by itself: for those {@code resumeAwaited} is false.
     */
    public static boolean jobAccepts(JobState current, Instant cycleAt, JobState next, Instant at,
                                     boolean resumeAwaited) {
        if (resumeAwaited && isResume(current, next)) {
            return false;
        }
        return jobAccepts(current, cycleAt, next, at);
    }

    /** {@code current → next} leaves a suspension for a new run. */
    public static boolean isResume(JobState current, JobState next) {
        return isSuspended(current) && rank(next) >= rank(JobState.QUEUED) && rank(next) <= rank(JobState.RUNNING);
    }

    /** {@code current → next} crosses a suspend/resume boundary (into a suspension, or out of one). */
    public static boolean isBoundary(JobState current, JobState next) {
        return isSuspended(next) && !isSuspended(current) || isResume(current, next);
    }

    /** SUSPENDING or SUSPENDED. */
    public static boolean isSuspended(JobState state) {
        return state == JobState.SUSPENDING || state == JobState.SUSPENDED;
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
