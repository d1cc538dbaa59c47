package io.mesoflow.monitor.core;

import io.mesoflow.events.FailurePolicy;
import io.mesoflow.events.JobState;
import io.mesoflow.events.RestartPolicy;
import io.mesoflow.events.Role;
import io.mesoflow.events.TaskLayout;
import io.mesoflow.events.TaskName;
import io.mesoflow.events.TaskReasons;
import io.mesoflow.events.TaskState;
import io.mesoflow.events.TaskStatusChanged;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides what a task's status means for its job. Pure: same input, same outcome.
 * <ul>
 *   <li>An update for an older attempt, or one that goes backwards, changes nothing.</li>
 *   <li>The first task staging moves the job to LAUNCHING; every task running moves it to RUNNING.
 *       A relaunched task <em>rejoined the cluster</em> once it is ready ({@link Readiness}); until
 *       then the reason says it is starting. A ready status of a task already running is no new
 *       start: it only marks the task ready.</li>
 *   <li>Success ({@code ChiefOnly}): the chief, or worker-0 without a chief, exits 0. ({@code AllWorkers}):
 *       every chief, worker and gpu_worker task exits 0. The remaining tasks are killed, except a
 *       running evaluator, which first gets its grace ({@link EvaluatorGrace}).</li>
 *   <li>A task that ends otherwise is relaunched when its role's restart policy says so
 *       ({@link RestartRules}) and the job's {@code backoffLimit} allows another relaunch; the job is
 *       RESTARTING until every task runs again. With {@code failurePolicy: gang} every task is
 *       relaunched instead. A failure that is not relaunched fails the job.</li>
 *   <li>When a job ends, its remaining tasks are killed; TensorBoard is kept up for a while first.</li>
 *   <li>A task whose launch the backend refused (it never ran) is not charged: the whole gang is
 *       placed again at once, up to {@value #FREE_LAUNCH_RETRIES} times per task.</li>
 *   <li>A task still running after its job ended is killed.</li>
 * </ul>
 */
public final class JobSupervisor {
    /** A task whose launch was refused this many times is charged like any other loss from then on. */
    static final int FREE_LAUNCH_RETRIES = 3;

    private JobSupervisor() {
    }

    /**
     * What {@code status} means for {@code job}. {@code evaluatorGrace}: how long a running evaluator
     * is kept after training finished (zero: killed at once, like the rest).
     */
    public static Outcome onTaskStatus(JobRecord job, TaskStatusChanged status, RestartSettings restarts,
                                       Duration evaluatorGrace) {
        if (job.suspended()) {
            return JobSuspender.onTaskStatus(job, status, restarts, evaluatorGrace);
        }
        TaskRecord current = TaskName.tryParse(status.taskName()).map(job.tasks()::get).orElse(null);
        if (current == null || status.attempt() < current.attempt()) {
            return new Outcome(job, List.of());
        }
        if (status.attempt() == current.attempt() && !moves(current.state(), status.state())) {
            return Readiness.becomesReady(current, status) ? Readiness.onReady(job, current.withReady(true))
                    : new Outcome(job, List.of());
        }
        String address = status.hostname() != null && !status.ports().isEmpty()
                ? status.hostname() + ":" + status.ports().get(0) : current.address();
        TaskRecord updated = new TaskRecord(current.name(), status.attempt(), status.taskId(), status.state(),
                status.agentId() != null ? status.agentId() : current.agentId(), status.exitCode(), current.redeploy(),
                address, status.state() == TaskState.RUNNING && Boolean.TRUE.equals(status.ready()));
        JobRecord next = job.withTask(updated);
        List<Action> actions = new ArrayList<>();
        if (job.state().isTerminal()) {
            if (updated.isActive()) {
                actions.add(new Action.Kill(updated, "job already " + job.state()));
            }
            return new Outcome(next, actions);
        }
        if (job.awaitingEvaluator()) {
            return EvaluatorGrace.onStatus(next, updated, status);
        }
        if (current.address() != null && address != null
                && !address.equals(current.address()) && updated.name().role().readsTfConfig()) {
            next = staleTfConfigs(next, updated, current.address(), actions);
        }
        if (succeeded(next)) {
            TaskRecord evaluator = EvaluatorGrace.evaluatorToWaitFor(next, evaluatorGrace).orElse(null);
            return evaluator == null ? end(next, JobState.SUCCEEDED, successReason(next), actions)
                    : EvaluatorGrace.begin(next, evaluator, successReason(next), evaluatorGrace, actions);
        }
        if (status.state().isTerminal() && TaskReasons.launchRefused(status.reason())
                && updated.attempt() < FREE_LAUNCH_RETRIES) {
            return placeGangAgain(next, updated, status, actions);
        }
        if (status.state().isTerminal()) {
            return onEnded(next, updated, "task " + updated.name() + " " + describe(status), restarts, actions);
        }
        if (status.state() == TaskState.RUNNING && allRunningOrDone(next) && job.state() != JobState.RUNNING) {
            String reason = job.state() == JobState.RESTARTING ? Readiness.rejoinReason(updated, status.ready())
                    : "all " + next.tasks().size() + " tasks running";
            next = next.withState(JobState.RUNNING);
            actions.add(new Action.ChangeJobState(JobState.RUNNING, reason));
        } else if (job.state().ordinal() < JobState.LAUNCHING.ordinal()) {
            next = next.withState(JobState.LAUNCHING);
            actions.add(new Action.ChangeJobState(JobState.LAUNCHING, "tasks are starting"));
        }
        return ConfigRollout.advance(new Outcome(next, actions));
    }

    /**
     * A task stuck before RUNNING past the timeout: killed, and treated as a retryable failure (after
     * training finished only killed).
     */
    public static Outcome onStuck(JobRecord job, TaskName taskName, Duration stuckFor, RestartSettings restarts) {
        TaskRecord task = job.tasks().get(taskName);
        if (job.state().isTerminal() || job.suspended() || task == null || !task.isActive()) {
            return new Outcome(job, List.of());
        }
        if (job.awaitingEvaluator()) {
            return EvaluatorGrace.onStuck(job, task, "stuck in " + task.state() + " for " + stuckFor.toSeconds()
                    + " s");
        }
        List<Action> actions = new ArrayList<>();
        actions.add(new Action.Kill(task, "stuck in " + task.state() + " for " + stuckFor.toSeconds() + " s"));
        TaskRecord lost = task.with(TaskState.LOST, null, null);
        return onEnded(job.withTask(lost), lost, "task " + taskName + " was stuck in " + task.state() + " for "
                + stuckFor.toSeconds() + " s", restarts, actions);
    }

    /** The job ran past its {@code activeDeadlineSeconds} (a suspended job's deadline waits). */
    public static Outcome onDeadline(JobRecord job) {
        if (job.state().isTerminal() || job.suspended()) {
            return new Outcome(job, List.of());
        }
        if (job.awaitingEvaluator()) {
            return EvaluatorGrace.stop(job, "was stopped: the job exceeded its deadline of "
                    + job.spec().activeDeadlineSeconds() + " s");
        }
        return end(job, JobState.FAILED, "exceeded its deadline of " + job.spec().activeDeadlineSeconds() + " s",
                new ArrayList<>());
    }

    /** The job is cancelled (a suspending or suspended one too): every active task is killed. */
    public static Outcome cancel(JobRecord job, String reason) {
        if (job.state().isTerminal()) {
            return new Outcome(job, List.of());
        }
        if (job.awaitingEvaluator()) {
            return EvaluatorGrace.stop(job, "was stopped before its grace ran out: "
                    + (reason == null ? "cancelled" : reason));
        }
        return end(job, JobState.CANCELLED, reason == null ? "cancelled" : reason, new ArrayList<>());
    }

    private static Outcome onEnded(JobRecord job, TaskRecord task, String what, RestartSettings restarts,
                                   List<Action> actions) {
        RestartPolicy policy = job.spec().role(task.name().role()).restartPolicy();
        if (!RestartRules.shouldRelaunch(policy, task.state(), task.exitCode())) {
            return isFailure(task) ? end(job, JobState.FAILED, what, actions) : new Outcome(job, actions);
        }
        if (job.relaunchesLeft() <= 0) {
            return end(job, JobState.FAILED, what + "; backoff limit of " + job.spec().effectiveBackoffLimit()
                    + " relaunches reached", actions);
        }
        Duration delay = RestartRules.backoff(restarts.initialBackoff(), restarts.maxBackoff(), restarts.jitter(),
                job.relaunches(), restarts.random().getAsDouble());
        boolean wholeJob = job.spec().failurePolicy() == FailurePolicy.GANG;
        List<TaskRecord> toRelaunch = wholeJob ? List.copyOf(job.tasks().values()) : List.of(task);
        JobRecord next = job.withRelaunches(job.relaunches() + 1).withState(JobState.RESTARTING);
        for (TaskRecord t : toRelaunch) {
            if (t != task && t.isActive() && t.taskId() != null) {
                actions.add(new Action.Kill(t, "gang restart after " + what));
            }
            int attempt = t.attempt() + 1;
            actions.add(new Action.Relaunch(t, attempt, delay, what));
            next = next.withTask(t.nextAttempt(attempt, taskId(job, t, attempt), t.redeploy()));
        }
        String reason = what + "; relaunch " + next.relaunches() + " of " + (next.relaunches() + next.relaunchesLeft())
                + (wholeJob ? " (whole job)" : "") + " in " + delay.toMillis() + " ms";
        actions.add(new Action.ChangeJobState(JobState.RESTARTING, reason));
        return new Outcome(next, actions);
    }

    /**
     * The backend refused a launch (its offers were invalid, or it could not be sent): the task never
     * ran, so the job is not charged a relaunch. The whole gang is placed afresh at once, so its
     * tasks start together and every TF_CONFIG names the same cluster.
     */
    private static Outcome placeGangAgain(JobRecord job, TaskRecord refused, TaskStatusChanged status,
                                          List<Action> actions) {
        String what = "the launch of " + refused.name() + " was refused (" + status.reason()
                + (status.message() == null ? "" : ": " + status.message()) + ")";
        JobRecord next = job.withState(JobState.RESTARTING);
        for (TaskRecord t : job.tasks().values()) {
            if (t != refused && t.isActive() && t.taskId() != null) {
                actions.add(new Action.Kill(t, "placing the job again after " + what));
            }
            int attempt = t.attempt() + 1;
            actions.add(new Action.Relaunch(t, attempt, Duration.ZERO, what));
            next = next.withTask(t.nextAttempt(attempt, taskId(job, t, attempt), t.redeploy()));
        }
        actions.add(new Action.ChangeJobState(JobState.RESTARTING, what + "; placing the whole job again "
                + "(not counted against its backoff limit)"));
        return new Outcome(next, actions);
    }

    /**
     * A task came back at another address: every other task whose TF_CONFIG names it (the training
     * cluster and the evaluator) is stale and is redeployed, one role at a time.
     */
    private static JobRecord staleTfConfigs(JobRecord job, TaskRecord moved, String oldAddress, List<Action> actions) {
        JobRecord next = job;
        List<String> stale = new ArrayList<>();
        for (TaskRecord t : job.tasks().values()) {
            if (!t.name().equals(moved.name()) && t.name().role().readsTfConfig() && t.isActive()) {
                next = next.withTask(t.withRedeploy(true));
                stale.add(t.name().toString());
            }
        }
        actions.add(new Action.ChangeJobState(JobState.RESTARTING, moved.name() + " moved from " + oldAddress
                + " to " + moved.address() + ": the cluster membership changed; redeploying "
                + String.join(", ", stale) + " with the new TF_CONFIG"));
        return next.withState(JobState.RESTARTING);
    }

    /** The task id of {@code task}'s attempt {@code attempt}. */
    static String taskId(JobRecord job, TaskRecord task, int attempt) {
        return TaskLayout.taskId(job.jobId(), task.name().toString(), attempt);
    }

    static Outcome end(JobRecord job, JobState state, String reason, List<Action> actions) {
        for (TaskRecord task : job.tasks().values()) {
            if (task.isActive() && task.taskId() != null) {
                String why = "job " + state.name().toLowerCase() + ": " + reason;
                boolean tensorboard = task.name().role() == Role.TENSORBOARD;
                actions.add(tensorboard ? new Action.KeepThenKill(task, why) : new Action.Kill(task, why));
            }
        }
        actions.add(new Action.ChangeJobState(state, reason));
        return new Outcome(job.withState(state).withAwaitingEvaluator(false).withSuspension(null), actions);
    }

    static boolean moves(TaskState current, TaskState next) {
        if (current == null) {
            return true;
        }
        return !current.isTerminal() && next.progress() > current.progress();
    }

    private static boolean succeeded(JobRecord job) {
        return switch (job.spec().successPolicy()) {
            case ALL_WORKERS -> {
                List<TaskRecord> trainers = job.tasks().values().stream()
                        .filter(t -> t.name().role().isTrainer()).toList();
                yield !trainers.isEmpty() && trainers.stream().allMatch(JobSupervisor::exitedZero);
            }
            case CHIEF_ONLY -> {
                TaskRecord chief = job.tasks().get(TaskLayout.successTask(job.spec()));
                yield chief != null && exitedZero(chief);
            }
        };
    }

    static String successReason(JobRecord job) {
        return switch (job.spec().successPolicy()) {
            case ALL_WORKERS -> "every worker exited 0";
            case CHIEF_ONLY -> TaskLayout.successTask(job.spec()) + " exited 0";
        };
    }

    private static boolean exitedZero(TaskRecord task) {
        return task.state() == TaskState.FINISHED && (task.exitCode() == null || task.exitCode() == 0);
    }

    private static boolean isFailure(TaskRecord task) {
        return task.state() == TaskState.FAILED || task.state() == TaskState.LOST || task.state() == TaskState.ERROR
                || task.state() == TaskState.KILLED
                || (task.state() == TaskState.FINISHED && task.exitCode() != null && task.exitCode() != 0);
    }

    static boolean allRunningOrDone(JobRecord job) {
        return job.tasks().values().stream()
                .allMatch(t -> t.state() == TaskState.RUNNING || t.state() == TaskState.FINISHED);
    }

    static String describe(TaskStatusChanged status) {
        String what = switch (status.state()) {
            case FAILED -> "failed";
            case LOST -> "was lost";
            case ERROR -> "could not be launched";
            case KILLED -> "was killed";
            default -> "ended";
        };
        String detail = status.message() != null ? status.message()
                : status.exitCode() != null ? "exit code " + status.exitCode() : status.reason();
        return detail == null ? what : what + ": " + detail;
    }
}
