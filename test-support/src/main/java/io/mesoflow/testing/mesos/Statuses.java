package io.mesoflow.testing.mesos;

import com.google.protobuf.ByteString;
import java.util.UUID;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;

/**
 * Task statuses as a master and an agent write them. Guarantees: a master-made status has
 * {@code SOURCE_MASTER} and no uuid (why: a real master's own updates are never acknowledged);
 * an agent-made one has a fresh uuid (why: the agent resends it until it is acknowledged).
 */
public final class Statuses {
    private Statuses() {
    }

    public static double now() {
        return System.currentTimeMillis() / 1000.0;
    }

    public static boolean terminal(TaskState state) {
        return switch (state) {
            case TASK_FINISHED, TASK_FAILED, TASK_KILLED, TASK_ERROR, TASK_LOST, TASK_DROPPED, TASK_GONE,
                    TASK_GONE_BY_OPERATOR -> true;
            default -> false;
        };
    }

    /** A status from the master itself: no uuid, never acknowledged. */
    public static TaskStatus fromMaster(String taskId, String agentId, TaskState state, TaskStatus.Reason reason,
                                        String message) {
        TaskStatus.Builder s = TaskStatus.newBuilder().setTaskId(Protos.TaskID.newBuilder().setValue(taskId))
                .setState(state).setSource(TaskStatus.Source.SOURCE_MASTER).setReason(reason).setMessage(message)
                .setTimestamp(now());
        if (agentId != null && !agentId.isEmpty()) {
            s.setAgentId(Protos.AgentID.newBuilder().setValue(agentId));
        }
        return s.build();
    }

    /** A status as an executor sends it through its agent, with a fresh uuid. */
    public static TaskStatus.Builder fromExecutor(String taskId, String agentId, String executorId, TaskState state) {
        return TaskStatus.newBuilder().setTaskId(Protos.TaskID.newBuilder().setValue(taskId))
                .setAgentId(Protos.AgentID.newBuilder().setValue(agentId))
                .setExecutorId(Protos.ExecutorID.newBuilder().setValue(executorId))
                .setState(state).setSource(TaskStatus.Source.SOURCE_EXECUTOR).setTimestamp(now())
                .setUuid(uuid());
    }

    /** A scripted status (the test plays the agent), optionally with a uuid that must be acknowledged. */
    public static TaskStatus scripted(String taskId, String agentId, TaskState state, boolean withUuid) {
        TaskStatus.Builder s = TaskStatus.newBuilder().setTaskId(Protos.TaskID.newBuilder().setValue(taskId))
                .setAgentId(Protos.AgentID.newBuilder().setValue(agentId))
                .setState(state).setSource(TaskStatus.Source.SOURCE_EXECUTOR).setTimestamp(now());
        if (withUuid) {
            s.setUuid(uuid());
        }
        return s.build();
    }

    private static ByteString uuid() {
        return ByteString.copyFromUtf8(UUID.randomUUID().toString());
    }
}
