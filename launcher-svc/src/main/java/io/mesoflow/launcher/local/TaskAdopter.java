package io.mesoflow.launcher.local;

import io.mesoflow.events.EventCodec;
import io.mesoflow.events.OfferRescinded;
import io.mesoflow.events.TaskPlacement;
import io.mesoflow.events.TaskState;
import io.mesoflow.launcher.store.LaunchedTaskEntity;
import io.mesoflow.launcher.store.LauncherStore;
import io.mesoflow.launcher.store.OutstandingOfferEntity;
import io.mesoflow.launcher.store.StatusReporter;
import io.mesoflow.launcher.task.OutputTail;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * What a new leader makes of what the last one left on this host (local backend): its offers are
 * void (rescinded); each task it launched is to be adopted when its process still runs (same pid,
 * same start time), reported with the exit code its wrapper recorded when it ended meanwhile, and
 * reported lost otherwise (with any process left in its sandbox killed: a launcher that died
 * between starting a task and recording its pid leaves no other trace). It reports and returns:
 * the caller takes the running tasks on.
 */
@ApplicationScoped
public class TaskAdopter {

    /** A task the last leader started whose process group still runs. */
    record Adoptable(TaskPlacement placement, String jobId, Path sandbox, List<Integer> gpus, long pid,
                     Instant started) {
    }

    /** The reason an end published again carries when none was recorded (FINISHED and ERROR: none). */
    private static final Map<TaskState, String> LEFT_UNREPORTED_REASONS = Map.of(
            TaskState.FAILED, "REASON_COMMAND_EXECUTOR_FAILED", TaskState.KILLED, "REASON_TASK_KILLED",
            TaskState.LOST, "REASON_EXECUTOR_TERMINATED");

    @Inject
    LauncherStore store;

    @Inject
    StatusReporter reporter;

    @Inject
    TaskReports reports;

    /** Rescinds the last leader's offers, reports its ended tasks, and returns those still running. */
    List<Adoptable> recover() {
        for (OutstandingOfferEntity offer : store.outstandingOffers()) {
            reporter.rescind(new OfferRescinded(offer.offerId, offer.agentId, "the launcher that made it stopped"));
            store.offerGone(offer.offerId);
        }
        reportEndsLeftUnreported();
        List<Adoptable> running = new ArrayList<>();
        for (LaunchedTaskEntity task : store.unfinished()) {
            TaskPlacement placement = task.placement == null ? null
                    : EventCodec.fromJson(task.placement, TaskPlacement.class);
            Path sandbox = task.sandbox == null ? null : Path.of(task.sandbox);
            boolean alive = task.pid != null && TaskPids.running(task.pid, task.pidStarted);
            if (alive && placement != null && sandbox != null) {
                running.add(new Adoptable(placement, task.jobId, sandbox, gpus(task.gpuIds), task.pid,
                        task.pidStarted));
            } else {
                if (alive) {
                    ProcessGroups.signal(task.pid, "KILL");
                }
                reportEnded(task, placement, sandbox);
            }
        }
        return running;
    }

    /**
     * Ends the last leader recorded but may not have published (killed in between): published again,
     * as of when they were recorded, with the exit code its sandbox recorded. A duplicate at worst;
     * without it the job waited forever for a task that had ended.
     */
    void reportEndsLeftUnreported() {
        for (LaunchedTaskEntity task : store.endedUnreported()) {
            TaskPlacement placement = task.placement == null ? null
                    : EventCodec.fromJson(task.placement, TaskPlacement.class);
            TaskState state = TaskState.valueOf(task.state);
            OptionalInt code = task.sandbox == null ? OptionalInt.empty()
                    : TaskProcess.recordedExit(Path.of(task.sandbox));
            reports.recordedEnd(task, placement, state,
                    task.endReason != null ? task.endReason : LEFT_UNREPORTED_REASONS.get(state),
                    "ended as the launcher that ran it stopped; published again by the next one",
                    code.isPresent() ? code.getAsInt() : null);
        }
    }

    private void reportEnded(LaunchedTaskEntity task, TaskPlacement placement, Path sandbox) {
        OptionalInt code = task.pid == null || sandbox == null ? OptionalInt.empty()
                : TaskProcess.recordedExit(sandbox);
        if (code.isPresent()) {
            TaskState state = code.getAsInt() == 0 ? TaskState.FINISHED : TaskState.FAILED;
            String message = "exited with code " + code.getAsInt() + " while no launcher watched it";
            reports.leftBehind(task, placement, state,
                    state == TaskState.FINISHED ? null : "REASON_COMMAND_EXECUTOR_FAILED",
                    state == TaskState.FINISHED ? message : OutputTail.appended(message, StderrTail.of(sandbox)),
                    code.getAsInt());
        } else {
            if (sandbox != null) {
                TaskPids.workingIn(sandbox).forEach(pid -> ProcessGroups.signal(pid, "KILL"));
            }
            reports.leftBehind(task, placement, TaskState.LOST, "REASON_EXECUTOR_TERMINATED",
                    "the launcher that ran this task stopped", null);
        }
    }

    private static List<Integer> gpus(String ids) {
        return ids == null || ids.isBlank() ? List.of()
                : Arrays.stream(ids.split(",")).map(String::trim).map(Integer::valueOf).toList();
    }
}
