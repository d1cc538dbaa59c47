package io.mesoflow.launcher.local;

import io.mesoflow.events.TaskState;
import io.mesoflow.launcher.LauncherConfig;
import io.mesoflow.launcher.leader.FencedException;
import io.mesoflow.launcher.leader.LeaderElector;
import io.mesoflow.launcher.store.DurableWrites;
import io.mesoflow.launcher.store.LauncherStore;
import io.mesoflow.launcher.task.OutputTail;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * The local tasks' processes, from start to end: each task starts on a starter thread (a slow
 * artifact fetch holds up no other launch), is watched to its exit (adopted tasks by polling), and
 * its end is reported with its exit code (a failure with the last lines of its stderr) and its resources
 * go back to the {@link OfferBook}; while it runs, {@link ReadinessProbes} says when it is ready. A kill
 * ({@link KillSequence}) writes the task's preemption notice when it has one, sends SIGTERM to the
 * task's process group, then SIGKILL after the grace period.
 */
@ApplicationScoped
public class ProcessRunner {
    private static final Logger LOG = Logger.getLogger(ProcessRunner.class);

    @Inject
    LauncherConfig config;

    @Inject
    LeaderElector elector;

    @Inject
    TaskStarter taskStarter;

    @Inject
    LauncherStore store;

    @Inject
    DurableWrites durably;

    @Inject
    TaskReports reports;

    @Inject
    OfferBook offers;

    @Inject
    ReadinessProbes probes;

    private final Map<String, LocalTask> running = new ConcurrentHashMap<>();
    private final RunningSteps runningSteps = new RunningSteps();
    private volatile ExecutorService starter;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r,
            "local-tasks"));
    private ScheduledFuture<?> watching;

    /** A new term: adopted tasks are polled from now on. */
    synchronized void open() {
        if (starter == null) {
            starter = Executors.newFixedThreadPool(config.local().startThreads(), r -> daemon(r, "task-starter"));
        }
        watching = timer.scheduleWithFixedDelay(this::watchAdopted, 500, 500, TimeUnit.MILLISECONDS);
    }

    /** The term ended: every task is forgotten; the processes run on for the next leader. */
    synchronized void close() {
        if (watching != null) {
            watching.cancel(false);
            watching = null;
        }
        probes.stopAll();
        running.clear();
    }

    /** A clean stop that should not leave tasks behind: every started process group is killed. */
    void killAll() {
        running.values().stream().mapToLong(LocalTask::pid).filter(pid -> pid != 0)
                .forEach(pid -> ProcessGroups.signal(pid, "KILL"));
    }

    void stop(@Observes ShutdownEvent event) {
        timer.shutdownNow();
        if (starter != null) {
            starter.shutdownNow();
        }
    }

    /**
     * Starts a launch's processes, each on a starter thread ({@code local.start-threads} at once, so a whole
     * gang starts side by side), while this thread reports them STAGING, together: the broker's round
     * trip is no longer spent before the first process starts. A task's next status (RUNNING, or how it
     * failed to start) waits until the STAGINGs are reported, so the topic keeps each task's order. With
     * {@code local.running-together}, the RUNNING of the tasks that started is recorded in one transaction
     * and reported in one run once the last of them has started ({@link StartedTogether}); without it
     * (the default), each task's as it starts.
     */
    void startAll(java.util.List<LocalTask> tasks) {
        tasks.forEach(task -> running.put(task.taskId(), task));
        CompletableFuture<Void> staged = new CompletableFuture<>();
        long queued = System.nanoTime();
        StartedTogether<StartedTask> together = config.local().runningTogether()
                ? new StartedTogether<>(tasks.size(), runningSteps) : null; // null: each task on its own
        tasks.forEach(task -> starter.submit(() -> startProcess(task, queued, staged,
                together != null ? together : new StartedTogether<>(1, runningSteps))));
        try {
            reports.staging(tasks);
        } finally {
            staged.complete(null);
        }
        LOG.debugf("%d tasks reported STAGING in %d ms", tasks.size(), (System.nanoTime() - queued) / 1_000_000);
    }

    /** Watches a task an earlier leader started as if this launcher had started it. */
    void adopt(LocalTask task) {
        running.put(task.taskId(), task);
        reports.running(task, "adopted (pid " + task.pid() + ") by a new leading launcher", notReadyYet(task));
        probes.watch(task);
    }

    /**
     * Kills a task ({@link KillSequence}): its notice first when {@code notice} is not null, SIGTERM,
     * SIGKILL after {@code graceSeconds} (null: {@code mesoflow.launcher.local.kill-grace-period}).
     */
    void kill(String taskId, Long graceSeconds, String notice) {
        LocalTask task = running.get(taskId);
        if (task == null) {
            LOG.debugf("kill for %s: not running here", taskId);
            return;
        }
        long pid = task.kill();
        if (pid == 0) {
            return; // the starter sees the kill and does not start it
        }
        Duration grace = graceSeconds != null ? Duration.ofSeconds(graceSeconds) : config.local().killGracePeriod();
        KillSequence.run(pid, task.sandbox(), notice, grace, Clock.systemUTC(), timer);
    }

    /** Starts a task; whatever happens, says so to its launch's {@link StartedTogether} once. */
    private void startProcess(LocalTask task, long queued, CompletableFuture<Void> staged,
                              StartedTogether<StartedTask> together) {
        StartedTask started = null;
        try {
            started = start(task, queued, staged);
        } finally {
            if (started != null) {
                together.started(started);
            } else {
                together.notStarted();
            }
        }
    }

    /** The task's process, started; null when it did not start (how it ended is reported here). */
    private StartedTask start(LocalTask task, long queued, CompletableFuture<Void> staged) {
        TaskStarter.Started process;
        long begin = System.nanoTime();
        try {
            boolean killedBeforeStart;
            synchronized (task) {
                killedBeforeStart = task.killed();
                if (!killedBeforeStart) {
                    if (running.get(task.taskId()) != task || !elector.acting()) {
                        LOG.warnf("not starting %s: this launcher no longer leads", task.taskId());
                        return null;
                    }
                    process = taskStarter.start(task.jobId(), task.placement(), task.sandbox(), task.slice(),
                            task.secrets());
                    task.started(process.pid());
                } else {
                    process = null;
                }
            }
            if (killedBeforeStart) { // the starter saw the kill: reported after the STAGINGs, outside the task's lock
                staged.join();
                finish(task, TaskState.KILLED, "REASON_TASK_KILLED_DURING_LAUNCH", "killed before it started", null);
                return null;
            }
        } catch (TaskNotStarted e) {
            LOG.warnf("task %s could not start: %s", task.taskId(), e.getMessage());
            staged.join();
            finish(task, e.state(), e.reason(), e.getMessage(), null);
            return null;
        }
        long spawned = System.nanoTime();
        return new StartedTask(task, process, process.process().info().startInstant().orElse(Instant.now()), staged,
                queued, begin, spawned);
    }

    /** A task whose process started, on its way to RUNNING ({@link StartedTogether}); times from {@link System#nanoTime}. */
    record StartedTask(LocalTask task, TaskStarter.Started process, Instant pidStarted, CompletableFuture<Void> staged,
                       long queued, long begin, long spawned) {
    }

    /** How a launch's started tasks are recorded, reported RUNNING and then watched. */
    private final class RunningSteps implements StartedTogether.Steps<StartedTask> {
        @Override
        public void record(List<StartedTask> batch) {
            long begin = System.nanoTime();
            List<LauncherStore.Running> rows = batch.stream().map(s -> new LauncherStore.Running(s.task().taskId(),
                    s.process().pid(), s.pidStarted(),
                    s.task().slice().gpus().stream().map(String::valueOf).collect(Collectors.joining(",")))).toList();
            durably.run("recording that " + batch.size() + " tasks run", () -> store.runningAll(rows));
            LOG.debugf("%d tasks recorded RUNNING in %d ms", batch.size(), (System.nanoTime() - begin) / 1_000_000);
        }

        @Override
        public void awaitEarlier(StartedTask task) {
            task.staged().join();
        }

        @Override
        public void report(List<StartedTask> batch) {
            long begin = System.nanoTime();
            reports.running(batch.stream().map(s -> new TaskReports.Running(s.task(), "pid " + s.process().pid() + " "
                    + s.process().runsAs(), notReadyYet(s.task()))).toList());
            LOG.debugf("%d tasks reported RUNNING in %d ms", batch.size(), (System.nanoTime() - begin) / 1_000_000);
        }

        @Override
        public void reported(StartedTask started) {
            LocalTask task = started.task();
            if (LOG.isDebugEnabled()) {
                LOG.debugf("%s: waited %d ms for a starter, started in %d ms, RUNNING recorded and reported %d ms later",
                        task.taskId(), (started.begin() - started.queued()) / 1_000_000,
                        (started.spawned() - started.begin()) / 1_000_000,
                        (System.nanoTime() - started.spawned()) / 1_000_000);
            }
            probes.watch(task);
            started.process().process().onExit().thenAccept(p -> onExit(task, p.exitValue()));
        }

        @Override
        public void fenced(List<StartedTask> batch, FencedException e) {
            LOG.warnf("%s; the next leader finds %s in their sandboxes", e.getMessage(),
                    batch.stream().map(s -> s.task().taskId()).toList());
        }
    }

    /** An adopted task cannot be waited for: its end shows as its process gone, its exit code in its sandbox. */
    void watchAdopted() {
        for (LocalTask task : running.values()) {
            if (task.adopted() && !TaskPids.running(task.pid(), task.adoptedStart())) {
                ProcessGroups.signal(task.pid(), "KILL");
                OptionalInt code = TaskProcess.recordedExit(task.sandbox());
                if (code.isPresent() || task.killed()) {
                    onExit(task, code.orElse(137));
                } else {
                    finish(task, TaskState.LOST, "REASON_EXECUTOR_TERMINATED",
                            "the task's process ended without an exit code", null);
                }
            }
        }
    }

    private void onExit(LocalTask task, int exitCode) {
        ProcessGroups.signal(task.pid(), "KILL"); // whatever the task left in its group
        if (task.killed()) {
            finish(task, TaskState.KILLED, "REASON_TASK_KILLED", "killed on request", exitCode);
        } else if (exitCode == 0) {
            finish(task, TaskState.FINISHED, null, "exited with code 0", exitCode);
        } else {
            finish(task, TaskState.FAILED, "REASON_COMMAND_EXECUTOR_FAILED",
                    OutputTail.appended("exited with code " + exitCode, StderrTail.of(task.sandbox())), exitCode);
        }
    }

    /** Ends a task once: its resources are offered again, then its end is recorded and reported. */
    private void finish(LocalTask task, TaskState state, String reason, String message, Integer exitCode) {
        if (!running.remove(task.taskId(), task)) {
            return;
        }
        task.end();
        offers.free(task.slice());
        reports.ended(task, state, reason, message, exitCode);
    }

    /** A task whose role serves a port is not ready at RUNNING: its server listens later ({@link ReadinessProbes}). */
    private static Boolean notReadyYet(LocalTask task) {
        return ReadinessProbe.servesPort(task.placement()) ? false : null;
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
