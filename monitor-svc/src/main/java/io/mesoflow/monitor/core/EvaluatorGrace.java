package io.mesoflow.monitor.core;

import io.mesoflow.events.JobState;
import io.mesoflow.events.Role;
import io.mesoflow.events.TaskState;
import io.mesoflow.events.TaskStatusChanged;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The evaluator's grace: TensorFlow's evaluator scores each checkpoint after the trainers wrote
 * it, so when training finishes (the chief, or under {@code AllWorkers} the last trainer, exits 0)
 * a running evaluator is kept up to the grace to score the final one. Pure, like
 * {@link JobSupervisor}.
 * <ul>
 *   <li>Training finishes with the evaluator RUNNING and a grace above zero: the job stays RUNNING
 *       ({@link JobRecord#awaitingEvaluator()}), the parameter servers and trainers still up are
 *       killed, TensorBoard stays until the job ends.</li>
 *   <li>The evaluator ends within the grace, however it ends: the job SUCCEEDED. Its failure does
 *       not fail a job whose training succeeded, and it is not relaunched.</li>
 *   <li>The grace runs out, the job is cancelled or passes its deadline: the evaluator is killed
 *       and the job SUCCEEDED, the reason saying why the evaluator was stopped.</li>
 *   <li>Any other task's status during the grace changes nothing but the task's own record: an
 *       ended one is not relaunched, a running one is killed (again).</li>
 * </ul>
 */
public final class EvaluatorGrace {
    private EvaluatorGrace() {
    }

    /** The evaluator to wait for when training has just finished; empty when there is none or no grace. */
    static Optional<TaskRecord> evaluatorToWaitFor(JobRecord job, Duration grace) {
        if (grace == null || grace.isZero() || grace.isNegative()) {
            return Optional.empty();
        }
        return job.tasks().values().stream()
                .filter(t -> t.name().role() == Role.EVALUATOR && t.state() == TaskState.RUNNING)
                .findFirst();
    }

    /** Training finished ({@code trained} says how): keep {@code evaluator}, stop the cluster, wait. */
    static Outcome begin(JobRecord job, TaskRecord evaluator, String trained, Duration grace, List<Action> actions) {
        for (TaskRecord task : job.tasks().values()) {
            if (keepsRunning(task) || !task.isActive() || task.taskId() == null) {
                continue;
            }
            actions.add(new Action.Kill(task, "training finished (" + trained + ")"));
        }
        actions.add(new Action.AwaitEvaluator(evaluator, grace));
        actions.add(new Action.ChangeJobState(JobState.RUNNING, "training finished (" + trained + "); waiting up to "
                + format(grace) + " for " + evaluator.name() + " to score the final checkpoint"));
        return new Outcome(job.withState(JobState.RUNNING).withAwaitingEvaluator(true), actions);
    }

    /** A status of the current attempt of {@code updated} (already in {@code job}) during the grace. */
    static Outcome onStatus(JobRecord job, TaskRecord updated, TaskStatusChanged status) {
        List<Action> actions = new ArrayList<>();
        if (updated.name().role() == Role.EVALUATOR) {
            if (!status.state().isTerminal()) {
                return new Outcome(job, actions);
            }
            boolean exitedZero = status.state() == TaskState.FINISHED
                    && (status.exitCode() == null || status.exitCode() == 0);
            String how = exitedZero
                    ? updated.name() + " exited 0 within its grace after training finished"
                    : updated.name() + " " + JobSupervisor.describe(status) + " after training finished, which does "
                    + "not fail the job: training succeeded";
            return JobSupervisor.end(job, JobState.SUCCEEDED, JobSupervisor.successReason(job) + "; " + how, actions);
        }
        if (updated.isActive() && !keepsRunning(updated) && updated.taskId() != null) {
            actions.add(new Action.Kill(updated, "training finished (" + JobSupervisor.successReason(job) + ")"));
        }
        return new Outcome(job, actions);
    }

    /** The grace ran out: the evaluator is stopped, the job succeeded. */
    public static Outcome expire(JobRecord job, Duration grace) {
        return stop(job, "was stopped after its " + format(grace) + " grace to score the final checkpoint");
    }

    /** The job is cancelled, or passed its deadline, during the grace: training still succeeded. */
    static Outcome stop(JobRecord job, String why) {
        if (job.state().isTerminal() || !job.awaitingEvaluator()) {
            return new Outcome(job, List.of());
        }
        String evaluators = job.tasks().values().stream()
                .filter(t -> t.name().role() == Role.EVALUATOR && t.isActive())
                .map(t -> t.name().toString()).findFirst().orElse("the evaluator");
        return JobSupervisor.end(job, JobState.SUCCEEDED, JobSupervisor.successReason(job) + "; " + evaluators + " "
                + why, new ArrayList<>());
    }

    /** A task stuck before RUNNING during the grace (not the evaluator, which ran): killed, not relaunched. */
    static Outcome onStuck(JobRecord job, TaskRecord task, String what) {
        List<Action> actions = new ArrayList<>();
        actions.add(new Action.Kill(task, what + " after training finished"));
        return new Outcome(job.withTask(task.with(TaskState.LOST, null, null)), actions);
    }

    /** Tasks that stay when training finished: the evaluator (its grace) and TensorBoard (until the job ends). */
    private static boolean keepsRunning(TaskRecord task) {
        return task.name().role() == Role.EVALUATOR || task.name().role() == Role.TENSORBOARD;
    }

    /** "60 s", or "1500 ms" for a grace that is not whole seconds. */
    static String format(Duration grace) {
        return grace.toMillis() % 1000 == 0 ? grace.toSeconds() + " s" : grace.toMillis() + " ms";
    }
}
