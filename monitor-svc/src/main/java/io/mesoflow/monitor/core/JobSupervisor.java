package io.mesoflow.monitor.core;

import io.mesoflow.events.JobState;
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
 *   <li>The first task staging moves the job to LAUNCHING; every task running moves it to RUNNING.</li>
 *   <li>Success ({@code ChiefOnly}): the chief, or worker-0 without a chief, exits 0. ({@code AllWorkers}):
 *       every chief, worker and gpu_worker task exits 0. The remaining tasks are killed.</li>
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

    public static Outcome onTaskStatus(JobRecord job, TaskStatusChanged status, RestartSettings restarts) {
        TaskRecord current = job.tasks().get(status.taskName());
        if (current == null || status.attempt() < current.attempt()
                || (status.attempt() == current.attempt() && !moves(current.state(), status.state()))) {
            return new Outcome(job, List.of());
        }
        String address = status.hostname() != null && !status.ports().isEmpty()
                ? status.hostname() + ":" + status.ports().get(0) : current.address();
        TaskRecord updated = new TaskRecord(status.taskName(), status.attempt(), status.taskId(), status.state(),
                status.agentId() != null ? status.agentId() : current.agentId(), status.exitCode(), current.redeploy(),
                address);
        JobRecord next = job.withTask(updated);
        List<Action> actions = new ArrayList<>();
        if (!job.state().isTerminal() && current.address() != null && address != null
                && !address.equals(current.address()) && inTfConfig(updated)) {
            next = staleTfConfigs(next, updated, current.address(), actions);
        }
        if (job.state().isTerminal()) {
            if (updated.isActive()) {
                actions.add(new Action.Kill(updated, "job already " + job.state()));
            }
            return new Outcome(next, actions);
        }
        if (succeeded(next)) {
            return end(next, JobState.SUCCEEDED, successReason(next), actions);
        }
        if (status.state().isTerminal() && TaskReasons.launchRefused(status.reason())
                && updated.attempt() < FREE_LAUNCH_RETRIES) {
            return placeGangAgain(next, updated, status, actions);
        }
        if (status.state().isTerminal()) {
            return onEnded(next, updated, "task " + updated.taskName() + " " + describe(status), restarts, actions);
        }
        if (status.state() == TaskState.RUNNING && allRunningOrDone(next) && job.state() != JobState.RUNNING) {
            String reason = job.state() == JobState.RESTARTING
                    ? updated.taskName() + " rejoined the cluster (attempt " + updated.attempt() + ")"
                    : "all " + next.tasks().size() + " tasks running";
            next = next.withState(JobState.RUNNING);
            actions.add(new Action.ChangeJobState(JobState.RUNNING, reason));
        } else if (job.state().ordinal() < JobState.LAUNCHING.ordinal()) {
            next = next.withState(JobState.LAUNCHING);
            actions.add(new Action.ChangeJobState(JobState.LAUNCHING, "tasks are starting"));
        }
        return ConfigRollout.advance(new Outcome(next, actions));
    }

    /** A task stuck before RUNNING past the timeout: killed, and treated as a retryable failure. */
    public static Outcome onStuck(JobRecord job, String taskName, Duration stuckFor, RestartSettings restarts) {
        TaskRecord task = job.tasks().get(taskName);
        if (job.state().isTerminal() || task == null || !task.isActive()) {
            return new Outcome(job, List.of());
        }
        List<Action> actions = new ArrayList<>();
        actions.add(new Action.Kill(task, "stuck in " + task.state() + " for " + stuckFor.toSeconds() + " s"));
        TaskRecord lost = task.with(TaskState.LOST, null, null);
        return onEnded(job.withTask(lost), lost, "task " + taskName + " was stuck in " + task.state() + " for "
                + stuckFor.toSeconds() + " s", restarts, actions);
    }

    /** The job ran past its {@code activeDeadlineSeconds}. */
    public static Outcome onDeadline(JobRecord job) {
        if (job.state().isTerminal()) {
            return new Outcome(job, List.of());
        }
        return end(job, JobState.FAILED, "exceeded its deadline of " + job.spec().activeDeadlineSeconds() + " s",
                new ArrayList<>());
    }

    /** The job is cancelled: every active task is killed. */
    public static Outcome cancel(JobRecord job, String reason) {
        if (job.state().isTerminal()) {
            return new Outcome(job, List.of());
        }
        return end(job, JobState.CANCELLED, reason == null ? "cancelled" : reason, new ArrayList<>());
    }

    private static Outcome onEnded(JobRecord job, TaskRecord task, String what, RestartSettings restarts,
                                   List<Action> actions) {
        Role role = TaskName.parse(task.taskName()).role();
        String policy = job.spec().role(role).restartPolicy();
        if (!RestartRules.shouldRelaunch(policy, task.state(), task.exitCode())) {
            return isFailure(task) ? end(job, JobState.FAILED, what, actions) : new Outcome(job, actions);
        }
        if (job.relaunchesLeft() <= 0) {
            int limit = job.spec().backoffLimit() == null ? 6 : job.spec().backoffLimit();
            return end(job, JobState.FAILED, what + "; backoff limit of " + limit + " relaunches reached", actions);
        }
        Duration delay = RestartRules.backoff(restarts.initialBackoff(), restarts.maxBackoff(), restarts.jitter(),
                job.relaunches(), restarts.random().getAsDouble());
        List<TaskRecord> toRelaunch = "gang".equals(job.spec().failurePolicy())
                ? List.copyOf(job.tasks().values()) : List.of(task);
        JobRecord next = job.withRelaunches(job.relaunches() + 1).withState(JobState.RESTARTING);
        for (TaskRecord t : toRelaunch) {
            if (t != task && t.isActive() && t.taskId() != null) {
                actions.add(new Action.Kill(t, "gang restart after " + what));
            }
            int attempt = t.attempt() + 1;
            actions.add(new Action.Relaunch(t, attempt, delay, what));
            next = next.withTask(t.nextAttempt(attempt, TaskLayout.taskId(job.jobId(), t.taskName(), attempt),
                    t.redeploy()));
        }
        String reason = what + "; relaunch " + next.relaunches() + " of " + (next.relaunches() + next.relaunchesLeft())
                + ("gang".equals(job.spec().failurePolicy()) ? " (whole job)" : "") + " in " + delay.toMillis() + " ms";
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
        String what = "the launch of " + refused.taskName() + " was refused (" + status.reason()
                + (status.message() == null ? "" : ": " + status.message()) + ")";
        JobRecord next = job.withState(JobState.RESTARTING);
        for (TaskRecord t : job.tasks().values()) {
            if (t != refused && t.isActive() && t.taskId() != null) {
                actions.add(new Action.Kill(t, "placing the job again after " + what));
            }
            int attempt = t.attempt() + 1;
            actions.add(new Action.Relaunch(t, attempt, Duration.ZERO, what));
            next = next.withTask(t.nextAttempt(attempt, TaskLayout.taskId(job.jobId(), t.taskName(), attempt),
                    t.redeploy()));
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
            if (!t.taskName().equals(moved.taskName()) && inTfConfig(t) && t.isActive()) {
                next = next.withTask(t.withRedeploy(true));
                stale.add(t.taskName());
            }
        }
        actions.add(new Action.ChangeJobState(JobState.RESTARTING, moved.taskName() + " moved from " + oldAddress
                + " to " + moved.address() + ": the cluster membership changed; redeploying "
                + String.join(", ", stale) + " with the new TF_CONFIG"));
        return next.withState(JobState.RESTARTING);
    }

    private static boolean inTfConfig(TaskRecord task) {
        Role role = TaskName.parse(task.taskName()).role();
        return role.inTrainingCluster() || role == Role.EVALUATOR;
    }

    private static Outcome end(JobRecord job, JobState state, String reason, List<Action> actions) {
        for (TaskRecord task : job.tasks().values()) {
            if (task.isActive() && task.taskId() != null) {
                String why = "job " + state.name().toLowerCase() + ": " + reason;
                boolean tensorboard = TaskName.parse(task.taskName()).role() == Role.TENSORBOARD;
                actions.add(tensorboard ? new Action.KeepThenKill(task, why) : new Action.Kill(task, why));
            }
        }
        actions.add(new Action.ChangeJobState(state, reason));
        return new Outcome(job.withState(state), actions);
    }

    private static boolean moves(TaskState current, TaskState next) {
        if (current == null) {
            return true;
        }
        return !current.isTerminal() && next.progress() > current.progress();
    }

    private static boolean succeeded(JobRecord job) {
        if ("AllWorkers".equals(job.spec().successPolicy())) {
            List<TaskRecord> trainers = job.tasks().values().stream()
                    .filter(t -> isTrainer(TaskName.parse(t.taskName()).role())).toList();
            return !trainers.isEmpty() && trainers.stream().allMatch(JobSupervisor::exitedZero);
        }
        TaskRecord chief = job.tasks().get(TaskLayout.successTask(job.spec()).toString());
        return chief != null && exitedZero(chief);
    }

    private static String successReason(JobRecord job) {
        return "AllWorkers".equals(job.spec().successPolicy())
                ? "every worker exited 0"
                : TaskLayout.successTask(job.spec()) + " exited 0";
    }

    private static boolean isTrainer(Role role) {
        return role == Role.CHIEF || role == Role.WORKER || role == Role.GPU_WORKER;
    }

    private static boolean exitedZero(TaskRecord task) {
        return task.state() == TaskState.FINISHED && (task.exitCode() == null || task.exitCode() == 0);
    }

    private static boolean isFailure(TaskRecord task) {
        return task.state() == TaskState.FAILED || task.state() == TaskState.LOST || task.state() == TaskState.ERROR
                || task.state() == TaskState.KILLED
                || (task.state() == TaskState.FINISHED && task.exitCode() != null && task.exitCode() != 0);
    }

    private static boolean allRunningOrDone(JobRecord job) {
        return job.tasks().values().stream()
                .allMatch(t -> t.state() == TaskState.RUNNING || t.state() == TaskState.FINISHED);
    }

    private static String describe(TaskStatusChanged status) {
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
