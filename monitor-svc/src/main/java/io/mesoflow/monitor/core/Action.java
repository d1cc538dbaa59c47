package io.mesoflow.monitor.core;

import io.mesoflow.events.JobState;

/** What monitor decided to do; a thin adapter carries it out. */
public sealed interface Action {

    /**
     * Kill one task attempt. {@code gracePeriodSeconds} and {@code preemptionNotice}: a suspension's
     * kill (SIGTERM and the notice, SIGKILL after the grace); both null for a plain kill.
     */
    record Kill(TaskRecord task, String reason, Long gracePeriodSeconds, String preemptionNotice) implements Action {
        public Kill(TaskRecord task, String reason) {
            this(task, reason, null, null);
        }
    }

    /** A relaunch of {@code task} that was due but not yet requested is called off (the job is suspending). */
    record CancelRelaunch(TaskRecord task) implements Action {
    }

    /**
     * The job is suspending: if its tasks have not all ended by {@code after}, the kills are sent
     * again (the adapter stores the time with the job, so a restart keeps it).
     */
    record ResendKillsAfter(java.time.Duration after) implements Action {
    }

    /** Leave {@code task} (TensorBoard) up after the job ended, for people to look at; kill it later. */
    record KeepThenKill(TaskRecord task, String reason) implements Action {
    }

    /** Start {@code task} again as attempt {@code attempt} after {@code delay}, preferably where it ran. */
    record Relaunch(TaskRecord task, int attempt, java.time.Duration delay, String reason) implements Action {
    }

    /**
     * Training finished and {@code evaluator} still runs: keep it up to {@code grace} to score the
     * final checkpoint (the adapter stores the deadline with the job, so a restart keeps it).
     */
    record AwaitEvaluator(TaskRecord evaluator, java.time.Duration grace) implements Action {
    }

    /** The job moves to a new state, with the reason; {@code suspension} on SUSPENDING and SUSPENDED. */
    record ChangeJobState(JobState state, String reason, io.mesoflow.events.Suspension suspension) implements Action {
        public ChangeJobState(JobState state, String reason) {
            this(state, reason, null);
        }
    }
}
