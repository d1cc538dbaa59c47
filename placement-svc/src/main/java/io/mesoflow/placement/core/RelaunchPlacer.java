package io.mesoflow.placement.core;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Places one relaunched task: on its previous agent with its previous ports when that agent
 * offers them (so no other task's TF_CONFIG changes); otherwise, once {@code mayMove}, anywhere.
 */
public final class RelaunchPlacer {
    /** Where the relaunch went, and whether the task kept its address. */
    public record Result(PlacementDecision decision, boolean moved) {
    }

    private RelaunchPlacer() {
    }

    public static Result place(TaskDemand demand, String previousAgent, List<Integer> previousPorts,
                               Collection<AgentCapacity> agents, boolean mayMove, GangPlacer placer) {
        Optional<AgentCapacity> same = agents.stream()
                .filter(a -> a.agentId().equals(previousAgent))
                .filter(a -> a.fitsAt(demand, previousPorts))
                .findFirst();
        if (same.isPresent()) {
            List<Integer> ports = same.get().takeAt(demand, previousPorts);
            return new Result(new PlacementDecision.Placed(List.of(
                    new PlacementDecision.Assignment(demand.task(), same.get(), ports))), false);
        }
        if (!mayMove) {
            return new Result(new PlacementDecision.Waiting(demand.task() + " waits for agent " + previousAgent
                    + " to offer " + demand.describe().replaceFirst(" and \\d+ ports?$", "")
                    + " and port" + (previousPorts.size() == 1 ? " " : "s ")
                    + previousPorts.stream().map(String::valueOf).reduce((x, y) -> x + ", " + y).orElse("")
                    + " again"), false);
        }
        PlacementDecision elsewhere = placer.place(List.of(demand), agents);
        return new Result(elsewhere, elsewhere instanceof PlacementDecision.Placed);
    }
}
