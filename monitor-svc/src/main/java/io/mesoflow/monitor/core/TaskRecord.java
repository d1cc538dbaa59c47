package io.mesoflow.monitor.core;

import io.mesoflow.events.TaskState;

/**
 * The current attempt of one task, as monitor knows it. {@code state} is null before any status.
 * {@code redeploy} marks a task whose launch config changed and that waits for its role's turn in
 * a rollout; {@code address} is where the task (its latest attempt that reported one) listens.
 */
public record TaskRecord(String taskName, int attempt, String taskId, TaskState state, String agentId,
                         Integer exitCode, boolean redeploy, String address) {
    public TaskRecord(String taskName, int attempt, String taskId, TaskState state, String agentId, Integer exitCode) {
        this(taskName, attempt, taskId, state, agentId, exitCode, false, null);
    }

    public boolean isActive() {
        return state == null || !state.isTerminal();
    }

    /** Started and not yet running: its attempt is on its way. */
    public boolean isStarting() {
        return state == null || state == TaskState.STAGING || state == TaskState.STARTING;
    }

    public TaskRecord with(TaskState newState, String newAgentId, Integer newExitCode) {
        return new TaskRecord(taskName, attempt, taskId, newState, newAgentId == null ? agentId : newAgentId,
                newExitCode == null ? exitCode : newExitCode, redeploy, address);
    }

    public TaskRecord withRedeploy(boolean pending) {
        return new TaskRecord(taskName, attempt, taskId, state, agentId, exitCode, pending, address);
    }

    /** The next attempt, not started yet: same agent and address until it reports its own. */
    public TaskRecord nextAttempt(int newAttempt, String newTaskId, boolean stillRedeploy) {
        return new TaskRecord(taskName, newAttempt, newTaskId, null, agentId, null, stillRedeploy, address);
    }
}
