package io.mesoflow.testing.mesos;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;

/**
 * The master's view of the framework's tasks: where each runs and its latest state. Not
 * thread-safe (the master holds its lock). Guarantees: a terminal state is never replaced by a
 * non-terminal one; a task is "active" while it is not terminal or its last update carrying a
 * uuid is unacknowledged (why: a real master keeps a terminal task until that acknowledgement
 * and forgets it afterwards, so reconciliation then calls it unknown).
 */
public final class TaskTable {
    /** One task. {@code scripted}: launched on an agent the test plays (no simulated agent). */
    public static final class Entry {
        public final String taskId;
        public final String agentId;
        public final String executorId;
        public final boolean scripted;
        TaskStatus latest;
        ByteString unacked;

        Entry(String taskId, String agentId, String executorId, boolean scripted, TaskStatus latest) {
            this.taskId = taskId;
            this.agentId = agentId;
            this.executorId = executorId;
            this.scripted = scripted;
            this.latest = latest;
        }

        public TaskStatus latest() {
            return latest;
        }

        public boolean terminal() {
            return Statuses.terminal(latest.getState());
        }

        public boolean active() {
            return !terminal() || unacked != null;
        }
    }

    private final Map<String, Entry> tasks = new LinkedHashMap<>();

    /** A task the master accepted: TASK_STAGING until its agent says more. */
    public void launched(String taskId, String agentId, String executorId, boolean scripted) {
        TaskStatus staging = Statuses.scripted(taskId, agentId, TaskState.TASK_STAGING, false);
        tasks.put(taskId, new Entry(taskId, agentId, executorId, scripted, staging));
    }

    public Entry get(String taskId) {
        return tasks.get(taskId);
    }

    /** Whether a launch may not reuse this id: the master knows the task and it has not ended. */
    public boolean inUse(String taskId) {
        Entry e = tasks.get(taskId);
        return e != null && !e.terminal();
    }

    /**
     * An update forwarded to the framework ({@code sent}) and the task's latest state known to
     * its agent ({@code latest}, may be newer: the agent holds later updates until the sent one is acknowledged).
     */
    public void updated(TaskStatus sent, TaskStatus latest) {
        Entry e = tasks.get(sent.getTaskId().getValue());
        if (e == null) {
            return;
        }
        if (!e.terminal() || Statuses.terminal(latest.getState())) {
            e.latest = latest;
        }
        e.unacked = sent.hasUuid() && !sent.getUuid().isEmpty() ? sent.getUuid() : e.unacked;
    }

    /** A status the master made itself (agent removed): no acknowledgement is owed. */
    public void masterUpdate(TaskStatus status) {
        Entry e = tasks.get(status.getTaskId().getValue());
        if (e != null) {
            e.latest = status;
            e.unacked = null;
        }
    }

    public void acknowledged(String taskId, ByteString uuid) {
        Entry e = tasks.get(taskId);
        if (e != null && uuid.equals(e.unacked)) {
            e.unacked = null;
        }
    }

    public List<Entry> all() {
        return new ArrayList<>(tasks.values());
    }

    public List<Entry> nonTerminalOn(String agentId) {
        return tasks.values().stream().filter(e -> e.agentId.equals(agentId) && !e.terminal()).toList();
    }
}
