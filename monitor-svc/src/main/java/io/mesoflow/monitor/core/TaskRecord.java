package io.mesoflow.monitor.core;

import io.mesoflow.events.TaskState;

/** The current attempt of one task, as monitor knows it. {@code state} is null before any status. */
public record TaskRecord(String taskName, int attempt, String taskId, TaskState state, String agentId,
                         Integer exitCode) {
    public boolean isActive() {
        return state == null || !state.isTerminal();
    }

    public TaskRecord with(TaskState newState, String newAgentId, Integer newExitCode) {
        return new TaskRecord(taskName, attempt, taskId, newState, newAgentId == null ? agentId : newAgentId,
                newExitCode == null ? exitCode : newExitCode);
    }
}
