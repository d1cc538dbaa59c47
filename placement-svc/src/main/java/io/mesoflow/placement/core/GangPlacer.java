package io.mesoflow.placement.core;

import io.mesoflow.events.TaskName;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Places a job's tasks all at once (gang) on agents' free resources, or explains why not.
 * First fit, most constrained task first (GPU tasks, then the largest CPU tasks). GPU tasks go
 * only to agents with enough free whole GPUs; CPU-only tasks do not go to GPU agents unless
 * {@code cpuTasksOnGpuAgents} allows it and nothing else fits.
 */
public final class GangPlacer {
    private final boolean cpuTasksOnGpuAgents;

    public GangPlacer(boolean cpuTasksOnGpuAgents) {
        this.cpuTasksOnGpuAgents = cpuTasksOnGpuAgents;
    }

    public PlacementDecision place(List<TaskDemand> demands, Collection<AgentCapacity> agents) {
        if (agents.isEmpty()) {
            return new PlacementDecision.Waiting("no resource offers are held: waiting for the backend to offer resources");
        }
        Map<String, AgentCapacity> trial = new LinkedHashMap<>();
        agents.stream().sorted(Comparator.comparing(AgentCapacity::agentId))
                .forEach(a -> trial.put(a.agentId(), a.copy()));
        List<TaskDemand> ordered = new ArrayList<>(demands);
        ordered.sort(Comparator.comparingInt((TaskDemand d) -> -d.resources().gpus())
                .thenComparingDouble(d -> -d.resources().cpus())
                .thenComparingDouble(d -> -d.resources().memMb())
                .thenComparing(TaskDemand::task));
        Map<TaskName, PlacementDecision.Assignment> assigned = new LinkedHashMap<>();
        for (TaskDemand demand : ordered) {
            Optional<AgentCapacity> agent = choose(demand, trial.values());
            if (agent.isEmpty()) {
                return new PlacementDecision.Waiting(explain(demand, trial.values()));
            }
            assigned.put(demand.task(), new PlacementDecision.Assignment(demand.task(), agent.get(),
                    agent.get().take(demand)));
        }
        List<PlacementDecision.Assignment> inTaskOrder = demands.stream().map(d -> assigned.get(d.task())).toList();
        return new PlacementDecision.Placed(inTaskOrder);
    }

    private Optional<AgentCapacity> choose(TaskDemand demand, Collection<AgentCapacity> agents) {
        boolean wantsGpu = demand.resources().gpus() > 0;
        Optional<AgentCapacity> preferred = agents.stream()
                .filter(a -> wantsGpu || !a.isGpuAgent())
                .filter(a -> a.fits(demand))
                .findFirst();
        if (preferred.isPresent() || wantsGpu || !cpuTasksOnGpuAgents) {
            return preferred;
        }
        return agents.stream().filter(a -> a.fits(demand)).findFirst();
    }

    private String explain(TaskDemand demand, Collection<AgentCapacity> agents) {
        boolean wantsGpu = demand.resources().gpus() > 0;
        List<AgentCapacity> eligible = agents.stream()
                .filter(a -> wantsGpu ? a.isGpuAgent() : (cpuTasksOnGpuAgents || !a.isGpuAgent()))
                .toList();
        String needs = "needs " + demand.describe() + " on one agent for " + demand.task();
        if (eligible.isEmpty()) {
            return needs + "; " + (wantsGpu ? "no agent with GPUs is offered"
                    : "only GPU agents are offered and CPU-only tasks do not use them");
        }
        if (wantsGpu) {
            AgentCapacity most = eligible.stream().max(Comparator.comparingInt(AgentCapacity::gpus)).get();
            if (most.gpus() < demand.resources().gpus()) {
                return needs + "; largest free: " + most.gpus() + " gpus on agent " + most.agentId();
            }
        }
        AgentCapacity largest = eligible.stream()
                .max(Comparator.comparingDouble(AgentCapacity::cpus).thenComparingDouble(AgentCapacity::memMb))
                .get();
        return needs + "; largest free: " + largest.describeFree() + " on agent " + largest.agentId();
    }
}
