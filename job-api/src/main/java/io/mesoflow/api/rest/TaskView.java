package io.mesoflow.api.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.mesoflow.api.model.TaskAttemptEntity;
import io.mesoflow.api.service.AttemptDetails;
import io.mesoflow.events.EventCodec;
import io.mesoflow.events.TaskState;
import java.io.IOException;
import java.time.Instant;

/**
 * One task attempt as the API shows it.
 *
 * @param ready    while RUNNING, whether the attempt's port accepts connections (roles that serve one:
 *                 the training cluster and TensorBoard); null when not known, not applicable or not running
 * @param tfConfig the attempt's TF_CONFIG as a JSON object; null for an attempt that got none
 */
public record TaskView(String name, int attempt, String taskId, TaskState state, Boolean ready, String address,
                       String agentId, String ports, Integer exitCode, String reason, String message, String sandbox,
                       Instant startedAt, Instant endedAt, Double cpuSeconds, Double gpuSeconds, JsonNode tfConfig) {
    static TaskView of(AttemptDetails details) {
        TaskAttemptEntity a = details.attempt();
        String firstPort = a.ports == null ? null : a.ports.split(",")[0];
        String address = a.hostname == null || firstPort == null ? null : a.hostname + ":" + firstPort;
        return new TaskView(a.taskName, a.attempt, a.taskId, a.state, a.ready, address, a.agentId, a.ports, a.exitCode,
                a.reason, a.message, a.sandbox, a.startedAt, a.endedAt, a.cpuSeconds, a.gpuSeconds,
                json(details.tfConfig()));
    }

    /** The stored TF_CONFIG as JSON; text as it is if it is not JSON (an old record's variable). */
    static JsonNode json(String tfConfig) {
        if (tfConfig == null) {
            return null;
        }
        try {
            return EventCodec.mapper().readTree(tfConfig);
        } catch (IOException e) {
            return TextNode.valueOf(tfConfig);
        }
    }

    /** Whether the attempt runs and its port accepts connections. */
    boolean isServing() {
        return state == TaskState.RUNNING && Boolean.TRUE.equals(ready) && address != null;
    }
}
