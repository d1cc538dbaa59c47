package io.mesoflow.launcher.local;

import io.mesoflow.events.TaskPlacement;
import io.mesoflow.events.TaskState;
import io.mesoflow.events.TaskStatusChanged;
import io.mesoflow.launcher.LauncherConfig;
import io.mesoflow.launcher.leader.FencedException;
import io.mesoflow.launcher.store.DurableWrites;
import io.mesoflow.launcher.store.LaunchedTaskEntity;
import io.mesoflow.launcher.store.LauncherStore;
import io.mesoflow.launcher.store.StatusReporter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * What the local backend says about its tasks: each state as {@code TaskStatusChanged} with the
 * task's agent, address, resources and sandbox. An end is published only once it is recorded: a
 * launcher that can no longer record it (it stopped leading) leaves the task to the next leader,
 * which reports it from its sandbox; one that dies between recording and publishing leaves the end
 * marked unreported, and the next leader publishes it again ({@link TaskAdopter}).
 */
@ApplicationScoped
public class TaskReports {
    private static final Logger LOG = Logger.getLogger(TaskReports.class);

    @Inject
    LauncherConfig config;

    @Inject
    LauncherStore store;

    @Inject
    StatusReporter reporter;

    @Inject
    DurableWrites durably;

    /** A launch's tasks are STAGING: reported together, one wait for the broker ({@link StatusReporter#tasks}). */
    void staging(java.util.List<LocalTask> tasks) {
        reporter.tasks(tasks.stream().map(task -> status(task, TaskState.STAGING, null, null, null)).toList());
    }

    /** The task runs; {@code ready} whether its port accepts connections (null where that does not apply). */
    void running(LocalTask task, String message, Boolean ready) {
        reporter.task(running(new Running(task, message, ready)));
    }

    /** A task that runs, as {@link #running(LocalTask, String, Boolean)} reports it. */
    record Running(LocalTask task, String message, Boolean ready) {
    }

    /** Tasks that started together run: reported together, one wait for the broker ({@link StatusReporter#tasks}). */
    void running(java.util.List<Running> tasks) {
        reporter.tasks(tasks.stream().map(this::running).toList());
    }

    private TaskStatusChanged running(Running r) {
        return status(r.task(), TaskState.RUNNING, null, r.message(), null).withReady(r.ready());
    }

    private TaskStatusChanged status(LocalTask task, TaskState state, String reason, String message,
                                     Integer exitCode) {
        TaskPlacement p = task.placement();
        return TaskStatusChanged.of(task.jobId(), p.taskName(), p.attempt(), task.taskId(), state)
                .withReason(reason, message).withExitCode(exitCode).placedAs(p)
                .withSandbox(task.sandbox().toString(), null);
    }

    /** A task this launcher ran ended: recorded, then reported, unless this launcher stopped leading meanwhile. */
    void ended(LocalTask task, TaskState state, String reason, String message, Integer exitCode) {
        String taskId = task.taskId();
        try {
            durably.run("recording that " + taskId + " is " + state, () -> store.ended(taskId, state, reason));
        } catch (FencedException e) {
            LOG.warnf("%s; the next leader reports %s from its sandbox", e.getMessage(), taskId);
            return;
        }
        markReported(taskId, reporter.task(status(task, state, reason, message, exitCode)));
    }

    /**
     * When the broker took the end ({@code published}), the next leader need not publish it again.
     * Left unmarked when it did not (this launcher stopped leading) or the write fails: published
     * twice then, never lost.
     */
    void markReported(String taskId, boolean published) {
        if (!published) {
            return;
        }
        try {
            store.endReported(taskId);
        } catch (RuntimeException e) {
            LOG.warnf("%s's end was published but not marked so (%s): the next leader publishes it again", taskId,
                    e.getMessage());
        }
    }

    /** A claimed task that never started (its launch was refused): recorded, then reported, without a sandbox. */
    void refused(String jobId, TaskPlacement task, TaskState state, String reason, String message) {
        String taskId = task.taskId(jobId);
        durably.run("recording that " + taskId + " is " + state, () -> store.ended(taskId, state, reason));
        markReported(taskId, reporter.task(TaskStatusChanged.of(jobId, task.taskName(), task.attempt(), taskId, state)
                .withReason(reason, message).placedAs(task)));
    }

    /** A task the last leader launched that ended while no launcher watched it (placement null when unknown). */
    void leftBehind(LaunchedTaskEntity task, TaskPlacement placement, TaskState state, String reason, String message,
                    Integer exitCode) {
        store.ended(task.taskId, state, reason);
        markReported(task.taskId, reporter.task(statusOf(task, placement, state, reason, message, exitCode)));
    }

    /**
     * An end the last leader recorded but may not have published: published as of when it was recorded
     * ({@code updated_at}), so usage and GPU-hours do not count the take-over's gap as run time.
     */
    void recordedEnd(LaunchedTaskEntity task, TaskPlacement placement, TaskState state, String reason, String message,
                     Integer exitCode) {
        TaskStatusChanged status = statusOf(task, placement, state, reason, message, exitCode);
        markReported(task.taskId, reporter.task(task.updatedAt == null ? status : status.at(task.updatedAt)));
    }

    private TaskStatusChanged statusOf(LaunchedTaskEntity task, TaskPlacement placement, TaskState state,
                                       String reason, String message, Integer exitCode) {
        return TaskStatusChanged.of(task.jobId, task.taskName, task.attempt, task.taskId, state)
                .withReason(reason, message).withExitCode(exitCode)
                .onAgent(task.agentId, config.local().hostname(), placement == null ? null : placement.ports())
                .withResources(placement == null ? null : placement.resources()).withSandbox(task.sandbox, null);
    }
}
