package io.mesoflow.launcher.local;

import io.mesoflow.events.TaskPlacement;
import io.mesoflow.launcher.secrets.TaskSecret;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * A task this launcher runs on the local agent: what it was launched with, the resources it holds,
 * and its process group once started. An adopted task was started by an earlier leader: it cannot be
 * waited for (only a parent can), so it is watched by polling its pid and start time. The pid and
 * whether a kill was asked change under this object's lock, so a kill and a start never miss each other.
 * Its end is marked under a lock of its own, so no status published while it runs ({@link #whileRunning})
 * follows its end.
 */
final class LocalTask {
    private final TaskPlacement placement;
    private final String jobId;
    private final Path sandbox;
    private final ResourcePool.Slice slice;
    private final List<TaskSecret> secrets;
    private final boolean adopted;
    private final Instant adoptedStart;
    private long pid;
    private boolean killed;
    private final Object reporting = new Object();
    private volatile boolean ended;

    private LocalTask(TaskPlacement placement, String jobId, Path sandbox, ResourcePool.Slice slice,
                      List<TaskSecret> secrets, boolean adopted, long pid, Instant adoptedStart) {
        this.placement = placement;
        this.jobId = jobId;
        this.sandbox = sandbox;
        this.slice = slice;
        this.secrets = List.copyOf(secrets);
        this.adopted = adopted;
        this.pid = pid;
        this.adoptedStart = adoptedStart;
    }

    /** A task this launcher is about to start. */
    static LocalTask launched(TaskPlacement placement, String jobId, Path sandbox, ResourcePool.Slice slice,
                              List<TaskSecret> secrets) {
        return new LocalTask(placement, jobId, sandbox, slice, secrets, false, 0, null);
    }

    /** A task an earlier leader started, whose process group {@code pid} (started at {@code started}) still runs. */
    static LocalTask adopted(TaskPlacement placement, String jobId, Path sandbox, ResourcePool.Slice slice, long pid,
                             Instant started) {
        return new LocalTask(placement, jobId, sandbox, slice, List.of(), true, pid, started);
    }

    TaskPlacement placement() {
        return placement;
    }

    String jobId() {
        return jobId;
    }

    String taskId() {
        return placement.taskId(jobId);
    }

    Path sandbox() {
        return sandbox;
    }

    ResourcePool.Slice slice() {
        return slice;
    }

    List<TaskSecret> secrets() {
        return secrets;
    }

    boolean adopted() {
        return adopted;
    }

    /** When an adopted task's process started (guards against a reused pid); null for a task started here. */
    Instant adoptedStart() {
        return adoptedStart;
    }

    /** The process group, 0 until started. */
    synchronized long pid() {
        return pid;
    }

    synchronized void started(long pid) {
        this.pid = pid;
    }

    synchronized boolean killed() {
        return killed;
    }

    /** Notes that a kill was asked; returns the process group to signal, 0 when it has not started. */
    synchronized long kill() {
        killed = true;
        return pid;
    }

    /**
     * Runs {@code report} unless the task has ended; an {@link #end} waits for a report in progress,
     * so the end is always published last.
     */
    void whileRunning(Runnable report) {
        synchronized (reporting) {
            if (!ended) {
                report.run();
            }
        }
    }

    boolean ended() {
        return ended;
    }

    /** Marks the task ended, once a report in progress is out (see {@link #whileRunning}). */
    void end() {
        synchronized (reporting) {
            ended = true;
        }
    }
}
