package io.mesoflow.testing.mesos;

import java.util.ArrayList;
import java.util.List;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.scheduler.Protos.Call;

/**
 * Answers to RECONCILE from the master's task table. Pure. Guarantees: every answer has
 * {@code SOURCE_MASTER}, {@code REASON_RECONCILIATION} and no uuid (why: a real master answers
 * from its own books and wants no acknowledgement); tasks on scripted agents are left to the
 * test, which plays those agents.
 */
public final class Reconciler {
    private Reconciler() {
    }

    /**
     * Explicit reconciliation: the latest state of each named task, or TASK_LOST for one the
     * master does not know (why: a non-PARTITION_AWARE framework gets TASK_LOST for an unknown task,
     * which includes a terminal task whose last update was acknowledged).
     */
    public static List<TaskStatus> explicit(TaskTable table, List<Call.Reconcile.Task> named) {
        List<TaskStatus> out = new ArrayList<>();
        for (Call.Reconcile.Task t : named) {
            TaskTable.Entry e = table.get(t.getTaskId().getValue());
            if (e != null && e.scripted) {
                continue;
            }
            if (e != null && e.active()) {
                out.add(latest(e));
            } else {
                out.add(Statuses.fromMaster(t.getTaskId().getValue(), t.hasAgentId() ? t.getAgentId().getValue() : null,
                        TaskState.TASK_LOST, TaskStatus.Reason.REASON_RECONCILIATION, "Reconciliation: Task is unknown"));
            }
        }
        return out;
    }

    /**
     * Implicit reconciliation: the latest state of every task that is not terminal, and of terminal
     * ones whose last update is unacknowledged (why: the master still holds those).
     */
    public static List<TaskStatus> implicit(TaskTable table) {
        return table.all().stream().filter(e -> !e.scripted && e.active()).map(Reconciler::latest).toList();
    }

    private static TaskStatus latest(TaskTable.Entry e) {
        TaskStatus l = e.latest();
        TaskStatus.Builder s = Statuses.fromMaster(e.taskId, e.agentId, l.getState(),
                TaskStatus.Reason.REASON_RECONCILIATION, "Reconciliation: Latest task state").toBuilder();
        if (e.executorId != null) {
            s.setExecutorId(org.apache.mesos.v1.Protos.ExecutorID.newBuilder().setValue(e.executorId));
        }
        if (l.hasContainerStatus()) {
            s.setContainerStatus(l.getContainerStatus());
        }
        if (l.hasHealthy()) { // why: a master's answer carries the task's last health, as its last update did
            s.setHealthy(l.getHealthy());
        }
        return s.build();
    }
}
