package io.mesoflow.events;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A task attempt changed state in the backend. Topic {@link Topics#TASK_STATUS}.
 *
 * @param reason   a machine-readable reason (Mesos' REASON_* name, or MesoFlow's), may be null
 * @param exitCode the process exit code when the backend knows it
 * @param sandbox  the task's sandbox directory (local backend) or Mesos sandbox path
 * @param agentUrl the agent's HTTP endpoint that serves {@code sandbox} through {@code /files/read} (Mesos:
 *                 from the agent's offers); null where the backend's own files endpoint serves it
 */
public record TaskStatusChanged(String jobId, String taskName, int attempt, String taskId, TaskState state,
                                String reason, String message, Integer exitCode, String agentId, String hostname,
                                List<Integer> ports, String sandbox, Resources resources, Instant timestamp,
                                String agentUrl)
        implements MesoflowEvent {
    public TaskStatusChanged {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(taskName, "taskName");
        Objects.requireNonNull(state, "state");
        ports = ports == null ? List.of() : List.copyOf(ports);
        Objects.requireNonNull(timestamp, "timestamp");
    }

    /** A status whose sandbox is served by the backend's own files endpoint (no agent URL). */
    public TaskStatusChanged(String jobId, String taskName, int attempt, String taskId, TaskState state, String reason,
                             String message, Integer exitCode, String agentId, String hostname, List<Integer> ports,
                             String sandbox, Resources resources, Instant timestamp) {
        this(jobId, taskName, attempt, taskId, state, reason, message, exitCode, agentId, hostname, ports, sandbox,
                resources, timestamp, null);
    }

    @Override
    public String key() {
        return jobId;
    }
}
