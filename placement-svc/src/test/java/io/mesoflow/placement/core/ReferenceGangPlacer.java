package io.mesoflow.placement.core;

import io.mesoflow.events.Constraint;
import io.mesoflow.events.Role;
import io.mesoflow.events.TaskName;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * GangPlacer as it was before its scan was made fast (a map lookup per agent per task, streams per
 * constraint check): the reference {@link GangPlacerEquivalenceTest} holds the fast one to.
 */
final class ReferenceGangPlacer {
    private final boolean cpuTasksOnGpuAgents;
    private final GangPlacer.Strategy strategy;

    ReferenceGangPlacer(boolean cpuTasksOnGpuAgents, GangPlacer.Strategy strategy) {
        this.cpuTasksOnGpuAgents = cpuTasksOnGpuAgents;
        this.strategy = strategy;
    }

    /** Whether CPU-only tasks may use GPU agents when nothing else fits. */
    public boolean cpuTasksOnGpuAgents() {
        return cpuTasksOnGpuAgents;
    }

    public PlacementDecision place(List<TaskDemand> demands, Collection<AgentCapacity> agents) {
        if (agents.isEmpty()) {
            return new PlacementDecision.Waiting("no resource offers are held: waiting for the backend to offer resources");
        }
        Map<String, AgentCapacity> changed = new HashMap<>();
        Map<Role, RoleSpread> roles = new HashMap<>();
        List<TaskDemand> ordered = new ArrayList<>(demands);
        ordered.sort(Comparator.comparingInt((TaskDemand d) -> -d.resources().gpus())
                .thenComparingDouble(d -> -d.resources().cpus())
                .thenComparingDouble(d -> -d.resources().memMb())
                .thenComparing(TaskDemand::task));
        Map<TaskName, PlacementDecision.Assignment> assigned = new LinkedHashMap<>();
        for (TaskDemand demand : ordered) {
            RoleSpread spread = roles.computeIfAbsent(demand.task().role(), r -> new RoleSpread(demand.constraints()));
            AgentCapacity chosen = choose(demand, agents, changed, spread);
            if (chosen == null) {
                return new PlacementDecision.Waiting(explain(demand, agents, changed, spread));
            }
            AgentCapacity writable = changed.computeIfAbsent(chosen.agentId(), id -> chosen.copy());
            spread.record(writable);
            assigned.put(demand.task(), new PlacementDecision.Assignment(demand.task(), writable, writable.take(demand)));
        }
        return new PlacementDecision.Placed(demands.stream().map(d -> assigned.get(d.task())).toList());
    }

    private AgentCapacity choose(TaskDemand demand, Collection<AgentCapacity> agents, Map<String, AgentCapacity> changed,
                                 RoleSpread spread) {
        boolean wantsGpu = demand.resources().gpus() > 0;
        AgentCapacity best = best(demand, agents, changed, spread, wantsGpu ? Eligibility.ANY : Eligibility.NO_GPU);
        if (best == null && !wantsGpu && cpuTasksOnGpuAgents) {
            best = best(demand, agents, changed, spread, Eligibility.ANY);
        }
        return best;
    }

    private enum Eligibility { ANY, NO_GPU }

    private AgentCapacity best(TaskDemand demand, Collection<AgentCapacity> agents, Map<String, AgentCapacity> changed,
                               RoleSpread spread, Eligibility eligibility) {
        AgentCapacity best = null;
        int bestGroup = Integer.MAX_VALUE;
        for (AgentCapacity original : agents) {
            AgentCapacity agent = changed.getOrDefault(original.agentId(), original);
            if ((eligibility == Eligibility.NO_GPU && agent.isGpuAgent()) || !agent.fits(demand) || !spread.allows(agent)) {
                continue;
            }
            int group = spread.groupLoad(agent);
            if (best == null || group < bestGroup || (group == bestGroup && better(agent, best))) {
                best = agent;
                bestGroup = group;
            }
        }
        return best;
    }

    private boolean better(AgentCapacity candidate, AgentCapacity current) {
        int byGpus = Integer.compare(candidate.gpus(), current.gpus());
        int byCpus = Double.compare(candidate.cpus(), current.cpus());
        int byMem = Double.compare(candidate.memMb(), current.memMb());
        int order = byGpus != 0 ? byGpus : byCpus != 0 ? byCpus : byMem;
        return strategy == GangPlacer.Strategy.PACK ? order < 0 : order > 0;
    }

    private String explain(TaskDemand demand, Collection<AgentCapacity> agents, Map<String, AgentCapacity> changed,
                           RoleSpread spread) {
        boolean wantsGpu = demand.resources().gpus() > 0;
        List<AgentCapacity> eligible = agents.stream()
                .map(a -> changed.getOrDefault(a.agentId(), a))
                .filter(a -> wantsGpu ? a.isGpuAgent() : (cpuTasksOnGpuAgents || !a.isGpuAgent()))
                .toList();
        String needs = "needs " + demand.describe() + " on one agent for " + demand.task();
        if (eligible.isEmpty()) {
            return needs + "; " + (wantsGpu ? "no agent with GPUs is offered"
                    : "only GPU agents are offered and CPU-only tasks do not use them");
        }
        List<AgentCapacity> fitting = eligible.stream().filter(a -> a.fits(demand)).toList();
        if (!fitting.isEmpty()) {
            return needs + "; " + fitting.size() + " agent(s) have the resources but none satisfies "
                    + spread.firstViolated(fitting.get(0));
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

    /** How one role's tasks are spread so far, per constraint field value. */
    private static final class RoleSpread {
        private final List<ConstraintMatcher> constraints;
        private final Map<String, Map<String, Integer>> placed = new HashMap<>();

        RoleSpread(List<Constraint> constraints) {
            this.constraints = constraints.stream().map(ConstraintMatcher::new).toList();
        }

        boolean allows(AgentCapacity agent) {
            return constraints.stream().allMatch(c -> allows(c, agent));
        }

        private boolean allows(ConstraintMatcher matcher, AgentCapacity agent) {
            String field = matcher.constraint().field();
            return matcher.allows(agent.attribute(field), placed.getOrDefault(field, Map.of()));
        }

        String firstViolated(AgentCapacity agent) {
            return constraints.stream().filter(c -> !allows(c, agent))
                    .map(c -> c.constraint().toString()).findFirst().orElse("the role's constraints");
        }

        int groupLoad(AgentCapacity agent) {
            int load = 0;
            for (ConstraintMatcher matcher : constraints) {
                Constraint c = matcher.constraint();
                if (c.operator() == Constraint.Operator.GROUP_BY) {
                    load += placed.getOrDefault(c.field(), Map.of()).getOrDefault(agent.attribute(c.field()), 0);
                }
            }
            return load;
        }

        void record(AgentCapacity agent) {
            for (ConstraintMatcher matcher : constraints) {
                String field = matcher.constraint().field();
                String value = agent.attribute(field);
                if (value != null) {
                    placed.computeIfAbsent(field, f -> new HashMap<>()).merge(value, 1, Integer::sum);
                }
            }
        }
    }
}
