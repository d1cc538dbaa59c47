package io.mesoflow.api.rest;

import io.mesoflow.api.model.TaskAttemptEntity;
import io.mesoflow.events.TaskState;
import java.time.Instant;

/** One task attempt as the API shows it. */
public record TaskView(String name, int attempt, String taskId, TaskState state, String address, String agentId,
                       String ports, Integer exitCode, String reason, String message, String sandbox,
                       Instant startedAt, Instant endedAt, Double cpuSeconds, Double gpuSeconds) {
    static TaskView of(TaskAttemptEntity a) {
        String firstPort = a.ports == null ? null : a.ports.split(",")[0];
        String address = a.hostname == null || firstPort == null ? null : a.hostname + ":" + firstPort;
        return new TaskView(a.taskName, a.attempt, a.taskId, a.state, address, a.agentId, a.ports, a.exitCode,
                a.reason, a.message, a.sandbox, a.startedAt, a.endedAt, a.cpuSeconds, a.gpuSeconds);
    }
}
