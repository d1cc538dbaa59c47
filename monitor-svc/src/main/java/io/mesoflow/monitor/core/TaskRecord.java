package io.mesoflow.monitor.core;

import io.mesoflow.events.TaskName;
import io.mesoflow.events.TaskState;

/**
 * The current attempt of one task, as monitor knows it. {@code state} is null before any status.
 * {@code redeploy} marks a task whose launch config changed and that waits for its role's turn in
 * a rollout; {@code address} is where the task (its latest attempt that reported one) listens;
 * {@code ready} whether this attempt reported that its port accepts connections
 * ({@code TaskStatusChanged.ready}).
 */
public record TaskRecord(TaskName name, int attempt, String taskId, TaskState state, String agentId,
                         Integer exitCode, boolean redeploy, String address, boolean ready) {
    public TaskRecord(TaskName name, int attempt, String taskId, TaskState state, String agentId, Integer exitCode) {
        this(name, attempt, taskId, state, agentId, exitCode, false, null, false);
    }

    public TaskRecord(TaskName name, int attempt, String taskId, TaskState state, String agentId, Integer exitCode,
                      boolean redeploy, String address) {
        this(name, attempt, taskId, state, agentId, exitCode, redeploy, address, false);
    }

    public boolean isActive() {
        return state == null || !state.isTerminal();
    }

    /** Started and not yet running: its attempt is on its way. */
    public boolean isStarting() {
        return state == null || state == TaskState.STAGING || state == TaskState.STARTING;
    }

    public TaskRecord with(TaskState newState, String newAgentId, Integer newExitCode) {
        return new TaskRecord(name, attempt, taskId, newState, newAgentId == null ? agentId : newAgentId,
                newExitCode == null ? exitCode : newExitCode, redeploy, address, ready);
    }

    public TaskRecord withRedeploy(boolean pending) {
        return new TaskRecord(name, attempt, taskId, state, agentId, exitCode, pending, address, ready);
    }

    public TaskRecord withReady(boolean nowReady) {
        return new TaskRecord(name, attempt, taskId, state, agentId, exitCode, redeploy, address, nowReady);
    }

    /** The next attempt, not started yet (nor ready): same agent and address until it reports its own. */
    public TaskRecord nextAttempt(int newAttempt, String newTaskId, boolean stillRedeploy) {
        return new TaskRecord(name, newAttempt, newTaskId, null, agentId, null, stillRedeploy, address, false);
    }
}
