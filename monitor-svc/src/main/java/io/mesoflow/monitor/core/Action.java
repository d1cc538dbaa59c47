package io.mesoflow.monitor.core;

import io.mesoflow.events.JobState;

/** What monitor decided to do; a thin adapter carries it out. */
public sealed interface Action {

    /** Kill one task attempt. */
    record Kill(TaskRecord task, String reason) implements Action {
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

    /** The job moves to a new state, with the reason. */
    record ChangeJobState(JobState state, String reason) implements Action {
    }
}
