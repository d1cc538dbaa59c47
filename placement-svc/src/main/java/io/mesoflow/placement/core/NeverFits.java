package io.mesoflow.placement.core;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Whether a job could not be placed even on an empty cluster of the agents seen so far: a task
 * bigger than every agent it may use, or a gang bigger than all of them together. Free resources
 * say only "not now"; this says "not on this cluster", so the user learns that waiting is futile.
 * It is judged against the most each agent ever offered ({@link AgentTotal}), so an agent first
 * seen while busy can make it too pessimistic until the agent offers its whole capacity once.
 */
public final class NeverFits {
    private NeverFits() {
    }

    /** Why the job can never fit, or empty when it could (or when no agent has been seen yet). */
    public static Optional<String> check(List<TaskDemand> demands, Collection<AgentTotal> known,
                                         boolean cpuTasksOnGpuAgents) {
        if (known.isEmpty() || demands.isEmpty()) {
            return Optional.empty();
        }
        for (TaskDemand demand : demands) {
            boolean wantsGpu = demand.resources().gpus() > 0;
            List<AgentTotal> usable = known.stream()
                    .filter(a -> wantsGpu ? a.gpus() > 0 : cpuTasksOnGpuAgents || a.gpus() == 0)
                    .toList();
            if (usable.stream().noneMatch(a -> holds(a, demand))) {
                return Optional.of("can never fit on the " + known.size() + " agent(s) seen so far: "
                        + demand.task() + " needs " + demand.describe() + "; " + largest(usable, wantsGpu));
            }
        }
        double cpus = demands.stream().mapToDouble(d -> d.resources().cpus()).sum();
        double totalCpus = known.stream().mapToDouble(AgentTotal::cpus).sum();
        double mem = demands.stream().mapToDouble(d -> d.resources().memMb()).sum();
        double totalMem = known.stream().mapToDouble(AgentTotal::memMb).sum();
        if (cpus > totalCpus + 1e-9 || mem > totalMem + 1e-9) {
            return Optional.of("can never fit on the " + known.size() + " agent(s) seen so far: its "
                    + demands.size() + " tasks need " + TaskDemand.fmt(cpus) + " cpus, " + TaskDemand.fmt(mem)
                    + " MB mem in all; all agents together offer " + TaskDemand.fmt(totalCpus) + " cpus, "
                    + TaskDemand.fmt(totalMem) + " MB mem");
        }
        return Optional.empty();
    }

    private static boolean holds(AgentTotal agent, TaskDemand demand) {
        return agent.cpus() + 1e-9 >= demand.resources().cpus() && agent.memMb() + 1e-9 >= demand.resources().memMb()
                && agent.gpus() >= demand.resources().gpus();
    }

    private static String largest(List<AgentTotal> usable, boolean wantsGpu) {
        if (usable.isEmpty()) {
            return wantsGpu ? "no agent seen so far has GPUs"
                    : "every agent seen so far has GPUs, and CPU-only tasks do not use GPU agents";
        }
        AgentTotal largest = usable.stream().max(Comparator.comparingInt(AgentTotal::gpus)
                .thenComparingDouble(AgentTotal::cpus).thenComparingDouble(AgentTotal::memMb)).get();
        return "the largest agent it may use (" + largest.agentId() + ") has " + largest.describe();
    }
}
