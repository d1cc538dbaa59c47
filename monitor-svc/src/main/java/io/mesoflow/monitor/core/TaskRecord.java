package io.mesoflow.monitor.core;

import io.mesoflow.events.TaskState;

/**
 * The current attempt of one task, as monitor knows it. {@code state} is null before any status.
 * {@code redeploy} marks a task whose launch config changed in a new revision and that waits for
 * its role's turn in the rollout.
 */
public record TaskRecord(String taskName, int attempt, String taskId, TaskState state, String agentId,
                         Integer exitCode, boolean redeploy) {
    public TaskRecord(String taskName, int attempt, String taskId, TaskState state, String agentId, Integer exitCode) {
        this(taskName, attempt, taskId, state, agentId, exitCode, false);
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
                newExitCode == null ? exitCode : newExitCode, redeploy);
    }

    public TaskRecord withRedeploy(boolean pending) {
        return new TaskRecord(taskName, attempt, taskId, state, agentId, exitCode, pending);
    }
}
