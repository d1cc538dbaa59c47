package io.mesoflow.events;

import java.util.List;
import java.util.Objects;

/**
 * Where one task attempt runs: the agent, the offers it consumes there and the exact ports.
 *
 * @param offerIds the offers of this agent that the placement consumes (only those its tasks need; the
 *                 agent's other offers stay with placement); every task of a job on one agent names the same
 */
public record TaskPlacement(String taskName, int attempt, String agentId, String hostname, List<String> offerIds,
                            Resources resources, List<Integer> ports, LaunchSpec launch) {
    public TaskPlacement {
        Objects.requireNonNull(taskName, "taskName");
        Objects.requireNonNull(agentId, "agentId");
        offerIds = offerIds == null ? List.of() : List.copyOf(offerIds);
        ports = ports == null ? List.of() : List.copyOf(ports);
        Objects.requireNonNull(resources, "resources");
        Objects.requireNonNull(launch, "launch");
    }

    public String taskId(String jobId) {
        return TaskLayout.taskId(jobId, taskName, attempt);
    }
}
