package io.mesoflow.monitor.core;

import io.mesoflow.events.JobSpec;
import io.mesoflow.events.JobState;
import io.mesoflow.events.JobSuspendRequested;
import io.mesoflow.events.Role;
import io.mesoflow.events.Suspension;
import io.mesoflow.events.TaskLayout;
import io.mesoflow.events.TaskName;
import io.mesoflow.events.TaskState;
import io.mesoflow.events.TaskStatusChanged;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Suspends a job (docs/suspend-and-preemption.md). Pure: same input, same outcome.
 * <ul>
 *   <li>A terminal job, one already SUSPENDING or SUSPENDED, or one whose training finished (it
 *       waits for its evaluator) is not suspended. A user's suspend of a job that is being or was
 *       preempted or budget-suspended (which would resume by itself) makes it the user's: it then
 *       waits for a resume. Placement suspending a SUSPENDED job again placed it again first
 *       ({@link RepeatSuspension}).</li>
 *   <li>Otherwise its pending relaunches are called off and each task's fence is kept (the highest
 *       attempt that may have been launched: at least the one placement says it placed last; else
 *       none for a job with no status yet). With no task running the job is SUSPENDED at once;
 *       else it is SUSPENDING: every running task except the parameter servers gets a kill with the
 *       grace period and the preemption notice; when those ended the parameter servers are killed
 *       (plainly); when every task ended the job is SUSPENDED.</li>
 *   <li>While SUSPENDING or SUSPENDED a task's end is neither a success nor a failure: nothing is
 *       relaunched, the backoff limit is not charged. An attempt at or below its fence that runs is
 *       killed. Above the fence: while SUSPENDING it is killed; once SUSPENDED it is the resumed run
 *       starting (a KILLED status aside): the job leaves SUSPENDED through the usual LAUNCHING and
 *       RUNNING.</li>
 *   <li>A new revision while suspended takes the spec and task set, redeploys nothing: it applies at
 *       resume.</li>
 * </ul>
 */
public final class JobSuspender {
    private JobSuspender() {
    }

    /** {@code pendingRelaunches}: the tasks whose relaunch is due but not yet requested from placement. */
    public static Outcome suspend(JobRecord job, JobSuspendRequested request, Set<TaskName> pendingRelaunches,
                                  SuspendSettings settings) {
        Optional<Outcome> repeated = RepeatSuspension.decide(job, request, settings);
        if (repeated.isPresent()) {
            return repeated.get();
        }
        if (job.state().isTerminal() || job.suspended() || job.awaitingEvaluator()) {
            return new Outcome(job, List.of());
        }
        Suspension suspension = withGrace(job, request.suspension(), settings);
        List<Action> actions = new ArrayList<>();
        Map<TaskName, Integer> fences = new LinkedHashMap<>();
        boolean nothingReported = job.state() == JobState.SUBMITTED;
        for (TaskRecord task : job.tasks().values()) {
            boolean pending = pendingRelaunches.contains(task.name());
            if (pending) {
                actions.add(new Action.CancelRelaunch(task));
            }
            fences.put(task.name(), pending || nothingReported ? task.attempt() - 1 : task.attempt());
        }
        SuspensionRecord record = new SuspensionRecord(suspension, SuspensionReasons.describe(suspension,
                request.reason()), fencingPlaced(job, fences, request.placedAttempts()));
        JobRecord next = job.withSuspension(record);
        List<TaskRecord> running = running(job, t -> true);
        if (running.isEmpty()) {
            actions.add(new Action.ChangeJobState(JobState.SUSPENDED, record.description() + "; no task was running",
                    suspension));
            return new Outcome(next.withState(JobState.SUSPENDED), actions);
        }
        List<TaskRecord> first = running(job, JobSuspender::notParameterServer);
        for (TaskRecord task : first.isEmpty() ? running : first) {
            actions.add(first.isEmpty() ? killPlainly(task, record) : killWithNotice(task, record));
        }
        actions.add(new Action.ResendKillsAfter(Duration.ofSeconds(suspension.gracePeriodSeconds())
                .plus(settings.killTimeout())));
        actions.add(new Action.ChangeJobState(JobState.SUSPENDING, record.description(), suspension));
        return new Outcome(next.withState(JobState.SUSPENDING), actions);
    }

    /**
     * {@code fences} raised to the attempts placement says it placed ({@code placed}, by task name;
     * null: it did not say): those may launch yet, whatever monitor has heard of.
     */
    static Map<TaskName, Integer> fencingPlaced(JobRecord job, Map<TaskName, Integer> fences,
                                                Map<String, Integer> placed) {
        Map<TaskName, Integer> raised = new LinkedHashMap<>(fences);
        if (placed != null) {
            for (TaskName task : job.tasks().keySet()) {
                Integer attempt = placed.get(task.toString());
                if (attempt != null) {
                    raised.merge(task, attempt, Math::max);
                }
            }
        }
        return raised;
    }

    /** {@code asked} with its grace period resolved: the request's, else the job spec's, else the default. */
    static Suspension withGrace(JobRecord job, Suspension asked, SuspendSettings settings) {
        long grace = asked.gracePeriodSeconds() != null ? asked.gracePeriodSeconds()
                : job.spec().gracePeriodSeconds() != null ? job.spec().gracePeriodSeconds()
                : settings.defaultGrace().toSeconds();
        return new Suspension(asked.cause(), asked.requestedBy(), grace, asked.gpuHoursSinceCheckpoint(),
                asked.checkpointStep());
    }

    /** A task status of a SUSPENDING or SUSPENDED job. */
    public static Outcome onTaskStatus(JobRecord job, TaskStatusChanged status, RestartSettings restarts,
                                       Duration evaluatorGrace) {
        SuspensionRecord suspension = job.suspension();
        TaskName name = TaskName.tryParse(status.taskName()).orElse(null);
        if (name == null) {
            return new Outcome(job, List.of());
        }
        TaskRecord current = job.tasks().get(name);
        boolean active = !status.state().isTerminal();
        if (current == null) {
            return active ? killStray(job, status, "not a task of the suspended job") : new Outcome(job, List.of());
        }
        if (status.attempt() > suspension.fence(current.name())) {
            if (job.state() == JobState.SUSPENDING) {
                return active ? killStray(job, status, "the job is still suspending") : new Outcome(job, List.of());
            }
            return status.state() == TaskState.KILLED ? new Outcome(job, List.of())
                    : resume(job, status, restarts, evaluatorGrace);
        }
        if (status.attempt() < current.attempt()
                || (status.attempt() == current.attempt() && !JobSupervisor.moves(current.state(), status.state()))) {
            return active && status.attempt() < current.attempt()
                    ? killStray(job, status, "an older attempt of a suspended job") : new Outcome(job, List.of());
        }
        TaskRecord updated = new TaskRecord(current.name(), status.attempt(), status.taskId(), status.state(),
                status.agentId() != null ? status.agentId() : current.agentId(), status.exitCode(), false,
                current.address(), false);
        JobRecord next = job.withTask(updated);
        List<Action> actions = new ArrayList<>();
        if (active) {
            boolean firstSeen = current.state() == null || current.state().isTerminal();
            if (firstSeen && job.state() == JobState.SUSPENDED) {
                actions.add(killPlainly(updated, suspension));
            } else if (firstSeen && notParameterServer(updated)) {
                actions.add(killWithNotice(updated, suspension));
            } else if (firstSeen && running(next, JobSuspender::notParameterServer).isEmpty()) {
                actions.add(killPlainly(updated, suspension));
            }
            return new Outcome(next, actions);
        }
        return job.state() == JobState.SUSPENDING ? afterEnd(next, notParameterServer(updated), actions)
                : new Outcome(next, actions);
    }

    /** A new revision while suspended: its spec and tasks are taken as they are; nothing is redeployed. */
    public static Outcome onConfigChanged(JobRecord job, int revision, JobSpec spec) {
        if (revision <= job.revision()) {
            return new Outcome(job, List.of());
        }
        SuspensionRecord suspension = job.suspension();
        Map<TaskName, TaskRecord> tasks = new LinkedHashMap<>();
        Map<TaskName, Integer> fences = new LinkedHashMap<>();
        for (TaskName name : TaskLayout.tasksOf(spec)) {
            TaskRecord current = job.tasks().get(name);
            tasks.put(name, current != null ? current.withRedeploy(false)
                    : new TaskRecord(name, 0, TaskLayout.taskId(job.jobId(), name.toString(), 0), null, null, null));
            if (current != null) {
                fences.put(name, suspension.fence(name));
            }
        }
        List<Action> actions = new ArrayList<>();
        boolean trainerRemoved = false;
        for (TaskRecord task : job.tasks().values()) {
            if (!tasks.containsKey(task.name()) && running(task)) {
                actions.add(new Action.Kill(task, "removed by revision " + revision + " while suspended"));
                trainerRemoved |= notParameterServer(task);
            }
        }
        JobRecord next = job.withSpec(revision, spec, tasks).withSuspension(suspension.withFences(fences));
        return job.state() == JobState.SUSPENDING ? afterEnd(next, trainerRemoved, actions)
                : new Outcome(next, actions);
    }

    /** A SUSPENDING job whose tasks did not all end within the grace and the kill timeout: its kills again. */
    public static Outcome resendKills(JobRecord job, SuspendSettings settings) {
        if (job.state() != JobState.SUSPENDING) {
            return new Outcome(job, List.of());
        }
        SuspensionRecord suspension = job.suspension();
        List<Action> actions = new ArrayList<>();
        List<TaskRecord> first = running(job, JobSuspender::notParameterServer);
        for (TaskRecord task : first.isEmpty() ? running(job, t -> true) : first) {
            actions.add(first.isEmpty() ? killPlainly(task, suspension) : killWithNotice(task, suspension));
        }
        if (actions.isEmpty()) {
            return afterEnd(job, false, actions);
        }
        actions.add(new Action.ResendKillsAfter(Duration.ofSeconds(suspension.gracePeriodSeconds())
                .plus(settings.killTimeout())));
        return new Outcome(job, actions);
    }

    /**
     * A task of a SUSPENDING job ended (or was dropped): SUSPENDED when none runs any more; the
     * parameter servers' turn when {@code trainerEnded} was the last other task running.
     */
    private static Outcome afterEnd(JobRecord job, boolean trainerEnded, List<Action> actions) {
        List<TaskRecord> running = running(job, t -> true);
        if (running.isEmpty()) {
            SuspensionRecord suspension = job.suspension();
            actions.add(new Action.ChangeJobState(JobState.SUSPENDED, suspension.description() + "; every task ended",
                    suspension.suspension()));
            return new Outcome(job.withState(JobState.SUSPENDED), actions);
        }
        if (trainerEnded && running(job, JobSuspender::notParameterServer).isEmpty()) {
            running.forEach(ps -> actions.add(killPlainly(ps, job.suspension())));
        }
        return new Outcome(job, actions);
    }

    /**
     * The first status of the resumed run: every task's next attempt (above its fence) is expected,
     * none started yet, and the status is decided as for any job placed afresh.
     */
    private static Outcome resume(JobRecord job, TaskStatusChanged status, RestartSettings restarts,
                                  Duration evaluatorGrace) {
        Map<TaskName, TaskRecord> fresh = new LinkedHashMap<>();
        for (TaskRecord task : job.tasks().values()) {
            int attempt = job.suspension().fence(task.name()) + 1;
            fresh.put(task.name(), new TaskRecord(task.name(), attempt, JobSupervisor.taskId(job, task, attempt), null,
                    null, null, false, null, false));
        }
        JobRecord placed = new JobRecord(job.jobId(), job.revision(), job.spec(), JobState.PLACED, job.relaunches(),
                fresh, false, null);
        Outcome outcome = JobSupervisor.onTaskStatus(placed, status, restarts, evaluatorGrace);
        List<Action> actions = outcome.actions().stream()
                .map(a -> a instanceof Action.ChangeJobState c && c.state() == JobState.LAUNCHING
                        ? new Action.ChangeJobState(JobState.LAUNCHING, "resumed: tasks are starting") : a)
                .toList();
        return new Outcome(outcome.job(), actions);
    }

    private static Outcome killStray(JobRecord job, TaskStatusChanged status, String why) {
        TaskRecord stray = new TaskRecord(TaskName.parse(status.taskName()), status.attempt(),
                status.taskId(), status.state(), status.agentId(), null);
        return new Outcome(job, List.of(new Action.Kill(stray, why + ": " + job.suspension().description())));
    }

    private static Action killWithNotice(TaskRecord task, SuspensionRecord suspension) {
        return new Action.Kill(task, "suspending: " + suspension.description(), suspension.gracePeriodSeconds(),
                suspension.description());
    }

    private static Action killPlainly(TaskRecord task, SuspensionRecord suspension) {
        return new Action.Kill(task, "suspending: " + suspension.description());
    }

    /** The tasks that run (reported a status and did not end) and match {@code which}. */
    private static List<TaskRecord> running(JobRecord job, java.util.function.Predicate<TaskRecord> which) {
        return job.tasks().values().stream().filter(JobSuspender::running).filter(which).toList();
    }

    private static boolean running(TaskRecord task) {
        return task.state() != null && !task.state().isTerminal();
    }

    private static boolean notParameterServer(TaskRecord task) {
        return task.name().role() != Role.PS;
    }
}
