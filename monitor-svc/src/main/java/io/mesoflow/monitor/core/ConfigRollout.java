package io.mesoflow.monitor.core;

import io.mesoflow.events.JobSpec;
import io.mesoflow.events.JobState;
import io.mesoflow.events.Resources;
import io.mesoflow.events.Role;
import io.mesoflow.events.TaskLayout;
import io.mesoflow.events.TaskName;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Applies a new spec revision to a running job, redeploying only the tasks whose effective launch
 * config changed: resources, effective context (job context plus role overrides), or TF_CONFIG
 * (the training cluster's membership changed: a count of chief, ps, worker or gpu_worker; the
 * evaluator's TF_CONFIG names that cluster too). Removed tasks are killed.
 *
 * <p>Order: tasks the revision adds are placed first (so their addresses exist); then changed
 * tasks are redeployed one role at a time, in {@link #ROLE_ORDER} (stateless workers first, state
 * holders last), each role starting when every task is running again.
 *
 * <p>After training finished (the job only waits for its evaluator) a new revision changes nothing.
 * A suspending or suspended job takes the revision without redeploying ({@link JobSuspender}).
 */
public final class ConfigRollout {
    /** The order roles are redeployed in. */
    public static final List<Role> ROLE_ORDER = List.of(Role.WORKER, Role.GPU_WORKER, Role.EVALUATOR,
            Role.TENSORBOARD, Role.PS, Role.CHIEF);

    private ConfigRollout() {
    }

    public static Outcome plan(JobRecord job, int revision, JobSpec spec) {
        if (job.state().isTerminal() || job.awaitingEvaluator() || revision <= job.revision()) {
            return new Outcome(job, List.of());
        }
        if (job.suspended()) {
            return JobSuspender.onConfigChanged(job, revision, spec);
        }
        JobSpec before = job.spec();
        boolean membershipChanged = !clusterMembers(before).equals(clusterMembers(spec));
        List<Action> actions = new ArrayList<>();
        Map<TaskName, TaskRecord> tasks = new LinkedHashMap<>();
        List<TaskName> added = new ArrayList<>();
        List<TaskName> changed = new ArrayList<>();
        for (TaskName name : TaskLayout.tasksOf(spec)) {
            TaskRecord current = job.tasks().get(name);
            if (current == null) {
                TaskRecord task = new TaskRecord(name, 0, TaskLayout.taskId(job.jobId(), name.toString(), 0), null,
                        null, null);
                tasks.put(name, task);
                added.add(name);
                actions.add(new Action.Relaunch(task, 0, Duration.ZERO, "added by revision " + revision));
            } else {
                boolean redeploy = launchConfigChanged(before, spec, name.role(), membershipChanged);
                tasks.put(name, current.withRedeploy(redeploy));
                if (redeploy) {
                    changed.add(name);
                }
            }
        }
        List<TaskName> removed = new ArrayList<>();
        job.tasks().forEach((name, task) -> {
            if (!tasks.containsKey(name)) {
                removed.add(name);
                if (task.isActive() && task.taskId() != null) {
                    actions.add(new Action.Kill(task, "removed by revision " + revision));
                }
            }
        });
        JobRecord next = job.withSpec(revision, spec, tasks);
        if (added.isEmpty() && changed.isEmpty() && removed.isEmpty()) {
            return new Outcome(next, actions);
        }
        String summary = "applying revision " + revision + describe("adding", added) + describe("removing", removed)
                + describe("redeploying", changed);
        actions.add(new Action.ChangeJobState(JobState.RESTARTING, summary));
        Outcome outcome = new Outcome(next.withState(JobState.RESTARTING), actions);
        return added.isEmpty() ? advance(outcome) : outcome;
    }

    /**
     * Starts the next role's redeploys when nothing is starting; used after every status. Returns
     * the outcome unchanged when there is nothing to start yet.
     */
    public static Outcome advance(Outcome outcome) {
        JobRecord job = outcome.job();
        if (job.state().isTerminal() || job.awaitingEvaluator() || job.suspended()
                || job.tasks().values().stream().anyMatch(TaskRecord::isStarting)) {
            return outcome;
        }
        for (Role role : ROLE_ORDER) {
            List<TaskRecord> due = job.tasks().values().stream()
                    .filter(t -> t.redeploy() && t.name().role() == role)
                    .toList();
            if (due.isEmpty()) {
                continue;
            }
            List<Action> actions = new ArrayList<>(outcome.actions());
            JobRecord next = job;
            for (TaskRecord task : due) {
                int attempt = task.attempt() + 1;
                if (task.isActive() && task.taskId() != null) {
                    actions.add(new Action.Kill(task, "redeploying for revision " + job.revision()));
                }
                actions.add(new Action.Relaunch(task, attempt, Duration.ZERO, "revision " + job.revision()));
                next = next.withTask(task.nextAttempt(attempt, JobSupervisor.taskId(job, task, attempt), false));
            }
            actions.removeIf(a -> a instanceof Action.ChangeJobState c && c.state() == JobState.RUNNING);
            actions.add(new Action.ChangeJobState(JobState.RESTARTING, "revision " + job.revision() + ": redeploying "
                    + due.stream().map(t -> t.name().toString()).collect(Collectors.joining(", "))));
            return new Outcome(next.withState(JobState.RESTARTING), actions);
        }
        return outcome;
    }

    static boolean launchConfigChanged(JobSpec before, JobSpec after, Role role, boolean membershipChanged) {
        if (!Objects.equals(Resources.of(before.role(role)), Resources.of(after.role(role)))) {
            return true;
        }
        if (!Objects.equals(before.effectiveContext(role), after.effectiveContext(role))) {
            return true;
        }
        return membershipChanged && role.readsTfConfig();
    }

    private static Set<TaskName> clusterMembers(JobSpec spec) {
        return TaskLayout.tasksOf(spec).stream().filter(t -> t.role().inTrainingCluster()).collect(Collectors.toSet());
    }

    private static String describe(String verb, List<TaskName> tasks) {
        return tasks.isEmpty() ? "" : "; " + verb + " "
                + tasks.stream().map(TaskName::toString).collect(Collectors.joining(", "));
    }
}
