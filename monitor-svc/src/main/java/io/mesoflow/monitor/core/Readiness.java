package io.mesoflow.monitor.core;

import io.mesoflow.events.JobState;
import io.mesoflow.events.Role;
import io.mesoflow.events.TaskState;
import io.mesoflow.events.TaskStatusChanged;
import java.util.List;

/**
 * When a relaunched task has rejoined its cluster. A task of a role that serves a port
 * ({@link Role#servesPort()}: the training cluster's members and TensorBoard) is <em>ready</em> once
 * its status says {@code ready=true} (the launcher's probe found the port accepting connections);
 * other roles are ready when they run. The job is RUNNING when all its tasks run (as before); the
 * reason says a relaunched task "rejoined the cluster" only once it is ready, and that it "was
 * relaunched and is starting" until then. A ready status of a task already running is no new start
 * (no relaunch, restart or usage is counted again): it only marks the task ready.
 */
final class Readiness {
    private Readiness() {
    }

    /**
     * Whether {@code task}'s attempt is part of the cluster again: it runs and, when its role serves
     * a port ({@link Role#servesPort()}), that port accepts connections. A backend that reports no
     * readiness (null) is taken at its RUNNING; one that reports {@code ready=false} is waited for.
     */
    static boolean rejoined(TaskRecord task, Boolean reportedReady) {
        return task.state() == TaskState.RUNNING
                && (task.ready() || !task.name().role().servesPort() || reportedReady == null);
    }

    /** A ready status for an attempt already RUNNING and not yet ready: no new start, only readiness. */
    static boolean becomesReady(TaskRecord current, TaskStatusChanged status) {
        return current.state() == TaskState.RUNNING && status.state() == TaskState.RUNNING
                && Boolean.TRUE.equals(status.ready()) && !current.ready();
    }

    /** The task's port now accepts connections: a relaunched task in a running job rejoined the cluster. */
    static Outcome onReady(JobRecord job, TaskRecord ready) {
        JobRecord next = job.withTask(ready);
        if (job.state() != JobState.RUNNING || job.awaitingEvaluator() || ready.attempt() == 0
                || !ready.name().role().servesPort() || !JobSupervisor.allRunningOrDone(next)) {
            return new Outcome(next, List.of());
        }
        return new Outcome(next, List.of(new Action.ChangeJobState(JobState.RUNNING, rejoinReason(ready, true))));
    }

    static String rejoinReason(TaskRecord task, Boolean reportedReady) {
        return rejoined(task, reportedReady)
                ? task.name() + " rejoined the cluster (attempt " + task.attempt() + ")"
                : task.name() + " was relaunched (attempt " + task.attempt() + ") and is starting: waiting for its "
                + "port to accept connections";
    }
}
