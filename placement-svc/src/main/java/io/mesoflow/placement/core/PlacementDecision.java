package io.mesoflow.placement.core;

import io.mesoflow.events.TaskName;
import java.util.List;

/** The outcome of trying to place a job: every task assigned, or a reason it waits. */
public sealed interface PlacementDecision {

    /** One task's agent and ports. */
    record Assignment(TaskName task, AgentCapacity agent, List<Integer> ports) {
    }

    /** The whole gang fits. */
    record Placed(List<Assignment> assignments) implements PlacementDecision {
    }

    /** It does not fit now; {@code reason} says what is missing, in words a person can act on. */
    record Waiting(String reason) implements PlacementDecision {
    }
}
