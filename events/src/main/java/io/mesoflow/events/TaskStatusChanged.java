package io.mesoflow.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A task attempt changed state in the backend. Topic {@link Topics#TASK_STATUS}. Build one with
 * {@link #of} and the {@code with...} methods rather than the fifteen positional fields.
 *
 * @param taskName the task's {@link TaskName} as text (see {@link #task()})
 * @param reason   a machine-readable reason (Mesos' REASON_* name, or MesoFlow's), may be null
 * @param exitCode the process exit code when the backend knows it
 * @param sandbox  the task's sandbox directory (local backend) or Mesos sandbox path
 * @param agentUrl the agent's HTTP endpoint that serves {@code sandbox} through {@code /files/read} (Mesos:
 *                 from the agent's offers); null where the backend's own files endpoint serves it
 * @param ready    for a RUNNING task whose role serves a port ({@link Role#servesPort()}): true once that
 *                 port accepts connections (local: the launcher probes it; Mesos: a TCP health check),
 *                 false while it does not yet; null where readiness is not known or does not apply
 */
public record TaskStatusChanged(String jobId, String taskName, int attempt, String taskId, TaskState state,
                                String reason, String message, Integer exitCode, String agentId, String hostname,
                                List<Integer> ports, String sandbox, Resources resources, Instant timestamp,
                                String agentUrl,
                                @JsonInclude(JsonInclude.Include.NON_NULL) Boolean ready)
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
                resources, timestamp, null, null);
    }

    /** A status without readiness (see {@code ready}). */
    public TaskStatusChanged(String jobId, String taskName, int attempt, String taskId, TaskState state, String reason,
                             String message, Integer exitCode, String agentId, String hostname, List<Integer> ports,
                             String sandbox, Resources resources, Instant timestamp, String agentUrl) {
        this(jobId, taskName, attempt, taskId, state, reason, message, exitCode, agentId, hostname, ports, sandbox,
                resources, timestamp, agentUrl, null);
    }

    /** The attempt's state now, and nothing else known yet. */
    public static TaskStatusChanged of(String jobId, String taskName, int attempt, String taskId, TaskState state) {
        return new TaskStatusChanged(jobId, taskName, attempt, taskId, state, null, null, null, null, null, null, null,
                null, Instant.now(), null);
    }

    /** The attempt's state now, its task id the usual {@link TaskLayout#taskId}. */
    public static TaskStatusChanged of(String jobId, TaskName task, int attempt, TaskState state) {
        String name = task.toString();
        return of(jobId, name, attempt, TaskLayout.taskId(jobId, name, attempt), state);
    }

    /** The task this status is about; fails on a name that is not one (see {@link TaskName#tryParse}). */
    public TaskName task() {
        return TaskName.parse(taskName);
    }

    public TaskStatusChanged withReason(String newReason, String newMessage) {
        return new TaskStatusChanged(jobId, taskName, attempt, taskId, state, newReason, newMessage, exitCode, agentId,
                hostname, ports, sandbox, resources, timestamp, agentUrl, ready);
    }

    public TaskStatusChanged withExitCode(Integer newExitCode) {
        return new TaskStatusChanged(jobId, taskName, attempt, taskId, state, reason, message, newExitCode, agentId,
                hostname, ports, sandbox, resources, timestamp, agentUrl, ready);
    }

    /** Where the attempt runs: its agent, that agent's hostname and the attempt's ports. */
    public TaskStatusChanged onAgent(String newAgentId, String newHostname, List<Integer> newPorts) {
        return new TaskStatusChanged(jobId, taskName, attempt, taskId, state, reason, message, exitCode, newAgentId,
                newHostname, newPorts, sandbox, resources, timestamp, agentUrl, ready);
    }

    /** Where and with what the placement put the attempt: agent, hostname, ports and resources (none if null). */
    public TaskStatusChanged placedAs(TaskPlacement placement) {
        return placement == null ? this : onAgent(placement.agentId(), placement.hostname(), placement.ports())
                .withResources(placement.resources());
    }

    public TaskStatusChanged withResources(Resources newResources) {
        return new TaskStatusChanged(jobId, taskName, attempt, taskId, state, reason, message, exitCode, agentId,
                hostname, ports, sandbox, newResources, timestamp, agentUrl, ready);
    }

    /** The attempt's sandbox and the agent endpoint that serves it (null: the backend's own). */
    public TaskStatusChanged withSandbox(String newSandbox, String newAgentUrl) {
        return new TaskStatusChanged(jobId, taskName, attempt, taskId, state, reason, message, exitCode, agentId,
                hostname, ports, newSandbox, resources, timestamp, newAgentUrl, ready);
    }

    /** Whether the attempt's port accepts connections (see {@code ready}). */
    public TaskStatusChanged withReady(Boolean newReady) {
        return new TaskStatusChanged(jobId, taskName, attempt, taskId, state, reason, message, exitCode, agentId,
                hostname, ports, sandbox, resources, timestamp, agentUrl, newReady);
    }

    /** The same status, observed at {@code time}. */
    public TaskStatusChanged at(Instant time) {
        return new TaskStatusChanged(jobId, taskName, attempt, taskId, state, reason, message, exitCode, agentId,
                hostname, ports, sandbox, resources, time, agentUrl, ready);
    }

    @Override
    public String key() {
        return jobId;
    }
}
