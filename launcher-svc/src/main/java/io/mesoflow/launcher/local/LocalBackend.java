package io.mesoflow.launcher.local;

import io.mesoflow.events.DeclineOfferRequested;
import io.mesoflow.events.EventCodec;
import io.mesoflow.events.KillTaskRequested;
import io.mesoflow.events.LaunchRequested;
import io.mesoflow.events.OfferMade;
import io.mesoflow.events.TaskPlacement;
import io.mesoflow.events.TaskState;
import io.mesoflow.events.TaskStatusChanged;
import io.mesoflow.launcher.ClusterBackend;
import io.mesoflow.launcher.LauncherConfig;
import io.mesoflow.launcher.app.DurableWrites;
import io.mesoflow.launcher.app.LauncherStore;
import io.mesoflow.launcher.app.StatusReporter;
import io.mesoflow.launcher.leader.FencedException;
import io.mesoflow.launcher.leader.LeaderElector;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The embedded default backend: this host as one agent. Free resources are offered as Mesos
 * offers are (each offer a slice set aside until it is accepted or declined; what an accepted
 * offer leaves unused goes back to the pool and is offered again); each task is a process group.
 */
@ApplicationScoped
public class LocalBackend implements ClusterBackend {
    private static final Logger LOG = Logger.getLogger(LocalBackend.class);

    @Inject
    LauncherConfig config;

    @Inject
    LauncherStore store;

    @Inject
    LeaderElector elector;

    @Inject
    StatusReporter reporter;

    @Inject
    SecretOpener opener;

    @Inject
    TaskStarter taskStarter;

    @Inject
    TaskAdopter adopter;

    @Inject
    DurableWrites durably;

    private ResourcePool pool;
    private final Map<String, ResourcePool.Slice> outstanding = new HashMap<>();
    private final Map<String, RunningTask> running = new ConcurrentHashMap<>();
    private final ExecutorService starter = Executors.newFixedThreadPool(4, r -> daemon(r, "task-starter"));
    /** Declined slices under a refusal filter (identity: the same slice object is released once). */
    private final List<ResourcePool.Slice> withheld = new ArrayList<>();
    private final ScheduledExecutorService timer = Executors.newScheduledThreadPool(1, r -> daemon(r, "local-offers"));

    /**
     * A task this launcher runs: its process group ({@code pid[0]}, 0 until started) and the
     * resources it holds. {@code adopted}: started by an earlier leader, watched by polling.
     */
    record RunningTask(TaskPlacement placement, String jobId, Path sandbox, ResourcePool.Slice slice,
                       long[] pid, boolean[] killed, List<TaskSecret> secrets, Instant started, boolean adopted) {
        String taskId() {
            return placement.taskId(jobId);
        }
    }

    private ScheduledFuture<?> offering;
    private ScheduledFuture<?> watching;

    /** The pool is built when this launcher takes over: the agent's resources less what adopted tasks hold. */
    @Override
    public synchronized void takeOver() {
        LauncherConfig.Local local = config.local();
        pool = ResourcePool.ofThisHost(local);
        LOG.infof("local agent %s on %s: %s", local.agentId(), local.hostname(), pool.free());
        adopter.recover(this);
        long interval = local.offerInterval().toMillis();
        offering = timer.scheduleWithFixedDelay(this::offerFreeResources, 0, interval, TimeUnit.MILLISECONDS);
        watching = timer.scheduleWithFixedDelay(this::watchAdopted, 500, 500, TimeUnit.MILLISECONDS);
    }

    /** Stops offering and forgets every task and offer; the processes run on for the next leader. */
    @Override
    public synchronized void stepDown() {
        if (offering != null) {
            offering.cancel(false);
            watching.cancel(false);
        }
        running.clear();
        outstanding.clear();
        withheld.clear();
    }

    @Override
    public void shutDown() {
        if (config.local().killTasksOnStop()) {
            running.values().stream().map(t -> t.pid()[0]).filter(pid -> pid != 0)
                    .forEach(pid -> ProcessGroups.signal(pid, "KILL"));
        }
        stepDown();
    }

    void stop(@Observes ShutdownEvent event) {
        timer.shutdownNow();
        starter.shutdownNow();
    }

    /** Takes an adopted task's resources and watches it as if this launcher had started it. */
    synchronized void adopt(TaskPlacement placement, String jobId, Path sandbox, List<Integer> gpus, long pid,
                            Instant started) {
        ResourcePool.Slice slice = pool.reserve(placement.resources(), placement.ports(), gpus);
        RunningTask task = new RunningTask(placement, jobId, sandbox, slice, new long[] {pid}, new boolean[1],
                List.of(), started, true);
        running.put(task.taskId(), task);
        report(task, TaskState.RUNNING, null, "adopted (pid " + pid + ") by a new leading launcher", null);
    }

    private void watchAdopted() {
        for (RunningTask task : running.values()) {
            if (task.adopted() && !TaskPids.running(task.pid()[0], task.started())) {
                ProcessGroups.signal(task.pid()[0], "KILL");
                OptionalInt code = TaskProcess.recordedExit(task.sandbox());
                if (code.isPresent() || task.killed()[0]) {
                    onExit(task, code.orElse(137));
                } else {
                    finish(task, TaskState.LOST, "REASON_EXECUTOR_TERMINATED",
                            "the task's process ended without an exit code", null);
                }
            }
        }
    }

    void offerFreeResources() {
        try {
            ResourcePool.Slice slice;
            String offerId;
            synchronized (this) {
                if (pool.free().isEmpty()) {
                    return;
                }
                slice = pool.takeAll();
                offerId = config.local().agentId() + "-O-" + UUID.randomUUID();
                outstanding.put(offerId, slice);
            }
            try {
                store.offerMade(offerId, config.local().agentId());
            } catch (RuntimeException e) {
                synchronized (this) {
                    if (outstanding.remove(offerId) != null) {
                        pool.give(slice);
                    }
                }
                throw e;
            }
            reporter.offer(new OfferMade(offerId, config.local().agentId(), config.local().hostname(), slice.cpus(),
                    slice.memMb(), slice.diskMb(), slice.gpus().size(), slice.portRanges(),
                    Map.of("backend", "local"), Instant.now()));
        } catch (RuntimeException e) {
            LOG.error("offering free resources failed", e);
        }
    }

    @Override
    public void launch(LaunchRequested request) {
        List<TaskPlacement> fresh = new ArrayList<>();
        for (TaskPlacement task : request.tasks()) {
            String sandbox = sandboxOf(request.jobId(), task).toString();
            if (store.claim(task.taskId(request.jobId()), request.jobId(), task.taskName(), task.attempt(),
                    task.agentId(), sandbox, EventCodec.json(task))) {
                fresh.add(task);
            }
        }
        if (fresh.isEmpty()) {
            return;
        }
        List<TaskSecret> secrets;
        try {
            secrets = opener.open(request.jobId(), request.secrets());
        } catch (IllegalArgumentException e) {
            synchronized (this) {
                fresh.stream().flatMap(t -> t.offerIds().stream()).distinct().map(outstanding::remove)
                        .filter(java.util.Objects::nonNull).forEach(pool::give);
            }
            for (TaskPlacement task : fresh) {
                fail(request.jobId(), task, TaskState.ERROR, "REASON_TASK_INVALID",
                        "a secret cannot be unsealed with this launcher's key: " + e.getMessage());
            }
            return;
        }
        List<String> offerIds = fresh.stream().flatMap(t -> t.offerIds().stream()).distinct().toList();
        Map<TaskPlacement, ResourcePool.Slice> slices = new HashMap<>();
        String failure;
        synchronized (this) {
            failure = allocate(fresh, offerIds, slices);
        }
        if (failure != null) {
            for (TaskPlacement task : fresh) {
                fail(request.jobId(), task, TaskState.LOST, failure.startsWith("REASON_INVALID_OFFERS")
                        ? "REASON_INVALID_OFFERS" : "REASON_TASK_INVALID", failure);
            }
            return;
        }
        offerIds.forEach(offerId -> durably.run("forgetting offer " + offerId, () -> store.offerGone(offerId)));
        // what the tasks left of the offers is offered again now, not at the next interval (an
        // accepted offer is used up): the next queued job need not wait for the offer timer
        timer.execute(this::offerFreeResources);
        for (TaskPlacement task : fresh) {
            RunningTask runningTask = new RunningTask(task, request.jobId(), sandboxOf(request.jobId(), task),
                    slices.get(task), new long[1], new boolean[1], secrets, null, false);
            running.put(task.taskId(request.jobId()), runningTask);
            report(runningTask, TaskState.STAGING, null, null, null);
            starter.submit(() -> startProcess(runningTask));
        }
    }

    /** Takes the offers and carves each task's share; returns why it cannot, or null. Caller holds the lock. */
    private String allocate(List<TaskPlacement> tasks, List<String> offerIds, Map<TaskPlacement, ResourcePool.Slice> out) {
        for (TaskPlacement task : tasks) {
            if (!task.agentId().equals(config.local().agentId())) {
                return "REASON_INVALID_OFFERS: agent " + task.agentId() + " is not this local agent";
            }
        }
        List<String> unknown = offerIds.stream().filter(id -> !outstanding.containsKey(id)).toList();
        if (!unknown.isEmpty()) {
            return "REASON_INVALID_OFFERS: offers " + unknown + " are no longer valid";
        }
        ResourcePool.Slice[] remaining = {ResourcePool.merge(offerIds.stream().map(outstanding::get).toList())};
        try {
            for (TaskPlacement task : tasks) {
                out.put(task, ResourcePool.carve(remaining, task.resources(), task.ports()));
            }
        } catch (IllegalArgumentException e) {
            out.clear();
            return "the tasks do not fit the offers they name: " + e.getMessage();
        }
        offerIds.forEach(outstanding::remove);
        pool.give(remaining[0]);
        return null;
    }

    private void startProcess(RunningTask task) {
        TaskStarter.Started process;
        try {
            synchronized (task) {
                if (task.killed()[0]) {
                    finish(task, TaskState.KILLED, "REASON_TASK_KILLED_DURING_LAUNCH", "killed before it started", null);
                    return;
                }
                if (running.get(task.taskId()) != task || !elector.acting()) {
                    LOG.warnf("not starting %s: this launcher no longer leads", task.taskId());
                    return;
                }
                process = taskStarter.start(task.placement(), task.taskId(), task.sandbox(), task.slice(), task.secrets());
                task.pid()[0] = process.pid();
            }
        } catch (TaskNotStarted e) {
            LOG.warnf("task %s could not start: %s", task.taskId(), e.getMessage());
            finish(task, e.state(), e.reason(), e.getMessage(), null);
            return;
        }
        Instant started = process.process().info().startInstant().orElse(Instant.now());
        String gpus = task.slice().gpus().stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(","));
        try {
            durably.run("recording that " + task.taskId() + " runs",
                    () -> store.running(task.taskId(), process.pid(), started, gpus));
        } catch (FencedException e) {
            LOG.warnf("%s; the next leader finds %s in its sandbox", e.getMessage(), task.taskId());
            return;
        }
        report(task, TaskState.RUNNING, null, "pid " + process.pid() + " " + process.runsAs(), null);
        process.process().onExit().thenAccept(p -> onExit(task, p.exitValue()));
    }

    private void onExit(RunningTask task, int exitCode) {
        ProcessGroups.signal(task.pid()[0], "KILL");
        if (task.killed()[0]) {
            finish(task, TaskState.KILLED, "REASON_TASK_KILLED", "killed on request", exitCode);
        } else if (exitCode == 0) {
            finish(task, TaskState.FINISHED, null, "exited with code 0", exitCode);
        } else {
            finish(task, TaskState.FAILED, "REASON_COMMAND_EXECUTOR_FAILED", "exited with code " + exitCode, exitCode);
        }
    }

    private void finish(RunningTask task, TaskState state, String reason, String message, Integer exitCode) {
        String taskId = task.taskId();
        if (!running.remove(taskId, task)) {
            return;
        }
        synchronized (this) {
            pool.give(task.slice());
        }
        timer.execute(this::offerFreeResources);
        try {
            durably.run("recording that " + taskId + " is " + state, () -> store.state(taskId, state));
        } catch (FencedException e) {
            LOG.warnf("%s; the next leader reports %s from its sandbox", e.getMessage(), taskId);
            return;
        }
        report(task, state, reason, message, exitCode);
    }

    @Override
    public void kill(KillTaskRequested request) {
        RunningTask task = running.get(request.taskId());
        if (task == null) {
            LOG.debugf("kill for %s: not running here", request.taskId());
            return;
        }
        long pid;
        synchronized (task) {
            task.killed()[0] = true;
            pid = task.pid()[0];
        }
        if (pid == 0) {
            return;
        }
        ProcessGroups.signal(pid, "TERM");
        timer.schedule(() -> {
            if (ProcessGroups.alive(pid)) {
                ProcessGroups.signal(pid, "KILL");
            }
        }, config.local().killGracePeriod().toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * The declined slice is withheld for the refusal filter's seconds (as a Mesos master does),
     * then returns to the pool; {@link #revive()} returns every withheld slice at once.
     */
    @Override
    public void decline(DeclineOfferRequested request) {
        synchronized (this) {
            ResourcePool.Slice slice = outstanding.remove(request.offerId());
            if (slice == null) {
                return;
            }
            if (request.refuseSeconds() <= 0) {
                pool.give(slice);
            } else {
                withheld.add(slice);
                timer.schedule(() -> release(slice), (long) (request.refuseSeconds() * 1000), TimeUnit.MILLISECONDS);
            }
        }
        durably.run("forgetting offer " + request.offerId(), () -> store.offerGone(request.offerId()));
    }

    @Override
    public void revive() {
        synchronized (this) {
            withheld.forEach(pool::give);
            withheld.clear();
        }
        timer.execute(this::offerFreeResources);
    }

    private synchronized void release(ResourcePool.Slice slice) {
        if (withheld.remove(slice)) {
            pool.give(slice);
        }
    }

    void fail(String jobId, TaskPlacement task, TaskState state, String reason, String message) {
        String taskId = task.taskId(jobId);
        durably.run("recording that " + taskId + " is " + state, () -> store.state(taskId, state));
        reporter.task(new TaskStatusChanged(jobId, task.taskName(), task.attempt(), taskId, state, reason, message,
                null, task.agentId(), task.hostname(), task.ports(), null, task.resources(), Instant.now()));
    }

    void report(RunningTask task, TaskState state, String reason, String message, Integer exitCode) {
        TaskPlacement p = task.placement();
        reporter.task(new TaskStatusChanged(task.jobId(), p.taskName(), p.attempt(), p.taskId(task.jobId()), state,
                reason, message, exitCode, p.agentId(), p.hostname(), p.ports(), task.sandbox().toString(),
                p.resources(), Instant.now()));
    }

    Path sandboxOf(String jobId, TaskPlacement task) {
        return Path.of(config.local().workDir()).toAbsolutePath()
                .resolve(jobId).resolve(task.taskName()).resolve(String.valueOf(task.attempt()));
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
