package io.mesoflow.launcher.local;

import io.mesoflow.events.EventCodec;
import io.mesoflow.events.OfferRescinded;
import io.mesoflow.events.TaskPlacement;
import io.mesoflow.events.TaskState;
import io.mesoflow.events.TaskStatusChanged;
import io.mesoflow.launcher.LauncherConfig;
import io.mesoflow.launcher.app.LaunchedTaskEntity;
import io.mesoflow.launcher.app.LauncherStore;
import io.mesoflow.launcher.app.OutstandingOfferEntity;
import io.mesoflow.launcher.app.StatusReporter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import org.jboss.logging.Logger;

/**
 * What a new leader does with what the last one left on this host (local backend): its offers are
 * void (rescinded); each task it launched is adopted when its process still runs (same pid, same
 * start time), reported with the exit code its wrapper recorded when it ended meanwhile, and
 * reported lost otherwise (with any process left in its sandbox killed: a launcher that died
 * between starting a task and recording its pid leaves no other trace).
 */
@ApplicationScoped
public class TaskAdopter {
    private static final Logger LOG = Logger.getLogger(TaskAdopter.class);

    @Inject
    LauncherConfig config;

    @Inject
    LauncherStore store;

    @Inject
    StatusReporter reporter;

    void recover(LocalBackend backend) {
        for (OutstandingOfferEntity offer : store.outstandingOffers()) {
            reporter.rescind(new OfferRescinded(offer.offerId, offer.agentId, "the launcher that made it stopped"));
            store.offerGone(offer.offerId);
        }
        int adopted = 0;
        for (LaunchedTaskEntity task : store.unfinished()) {
            if (recover(backend, task)) {
                adopted++;
            }
        }
        LOG.infof("adopted %d running tasks", adopted);
    }

    private boolean recover(LocalBackend backend, LaunchedTaskEntity task) {
        TaskPlacement placement = task.placement == null ? null : EventCodec.fromJson(task.placement, TaskPlacement.class);
        Path sandbox = task.sandbox == null ? null : Path.of(task.sandbox);
        boolean alive = task.pid != null && TaskPids.running(task.pid, task.pidStarted);
        if (alive && placement != null && sandbox != null) {
            backend.adopt(placement, task.jobId, sandbox, gpus(task.gpuIds), task.pid, task.pidStarted);
            return true;
        }
        if (task.pid != null && alive) {
            ProcessGroups.signal(task.pid, "KILL");
        }
        OptionalInt code = task.pid == null || sandbox == null ? OptionalInt.empty() : TaskProcess.recordedExit(sandbox);
        if (code.isPresent()) {
            TaskState state = code.getAsInt() == 0 ? TaskState.FINISHED : TaskState.FAILED;
            report(task, placement, state, state == TaskState.FINISHED ? null : "REASON_COMMAND_EXECUTOR_FAILED",
                    "exited with code " + code.getAsInt() + " while no launcher watched it", code.getAsInt());
        } else {
            if (sandbox != null) {
                TaskPids.workingIn(sandbox).forEach(pid -> ProcessGroups.signal(pid, "KILL"));
            }
            report(task, placement, TaskState.LOST, "REASON_EXECUTOR_TERMINATED",
                    "the launcher that ran this task stopped", null);
        }
        return false;
    }

    private void report(LaunchedTaskEntity task, TaskPlacement placement, TaskState state, String reason, String message,
                        Integer exitCode) {
        store.state(task.taskId, state);
        reporter.task(new TaskStatusChanged(task.jobId, task.taskName, task.attempt, task.taskId, state, reason, message,
                exitCode, task.agentId, config.local().hostname(), placement == null ? null : placement.ports(),
                task.sandbox, placement == null ? null : placement.resources(), Instant.now()));
    }

    private static List<Integer> gpus(String ids) {
        return ids == null || ids.isBlank() ? List.of()
                : Arrays.stream(ids.split(",")).map(String::trim).map(Integer::valueOf).toList();
    }
}
