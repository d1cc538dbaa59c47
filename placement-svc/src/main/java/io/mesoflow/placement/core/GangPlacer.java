package io.mesoflow.placement.core;

import io.mesoflow.events.Constraint;
import io.mesoflow.events.Resources;
import io.mesoflow.events.Role;
import io.mesoflow.events.TaskName;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Places a job's tasks all at once (gang) on agents' free resources, or explains why not. The
 * most constrained task goes first (GPU tasks, then the largest CPU tasks). GPU tasks go only to
 * agents with enough free whole GPUs; CPU-only tasks do not go to GPU agents unless
 * {@code cpuTasksOnGpuAgents} allows it and nothing else fits. Each role's constraints
 * ({@link Constraint}) filter the agents; {@code GROUP_BY} then prefers the least used value.
 * Among the agents left, {@link Strategy#PACK} takes the fullest (best fit, keeps whole agents
 * free for big jobs) and {@link Strategy#SPREAD} the emptiest. Ties go to the earlier agent in
 * the order given, so a decision is deterministic. The given agents are never changed.
 */
public final class GangPlacer {
    public enum Strategy { PACK, SPREAD }

    private final boolean cpuTasksOnGpuAgents;
    private final Strategy strategy;

    public GangPlacer(boolean cpuTasksOnGpuAgents) {
        this(cpuTasksOnGpuAgents, Strategy.PACK);
    }

    public GangPlacer(boolean cpuTasksOnGpuAgents, Strategy strategy) {
        this.cpuTasksOnGpuAgents = cpuTasksOnGpuAgents;
        this.strategy = strategy;
    }

    /** Whether CPU-only tasks may use GPU agents when nothing else fits. */
    public boolean cpuTasksOnGpuAgents() {
        return cpuTasksOnGpuAgents;
    }

    /** The wait reason when no offer is held at all (between two offers, or no agent). */
    public static final String NO_OFFERS = "no resource offers are held: waiting for the backend to offer resources";

    public Strategy strategy() {
        return strategy;
    }

    public PlacementDecision place(List<TaskDemand> demands, Collection<AgentCapacity> agents) {
        return place(demands, AgentPool.unsorted(agents));
    }

    /**
     * The same decision as {@link #place(List, Collection)} on the pool's agents, found faster: a
     * task's agent is looked for from the first that can fit, in the pool's order of preference (a
     * role that groups by an attribute still scans every agent). The pool must be of this placer's
     * strategy; it is not changed.
     */
    public PlacementDecision place(List<TaskDemand> demands, AgentPool agents) {
        if (agents.isEmpty()) {
            return new PlacementDecision.Waiting(NO_OFFERS);
        }
        if (agents.sorted() != null && agents.strategy() != strategy) {
            throw new IllegalArgumentException("a pool sorted for " + agents.strategy() + " given to a " + strategy
                    + " placer");
        }
        TrialAgents trial = new TrialAgents(agents);
        Map<Role, RoleSpread> roles = new HashMap<>();
        List<TaskDemand> ordered = new ArrayList<>(demands);
        ordered.sort(Comparator.comparingInt((TaskDemand d) -> -d.resources().gpus())
                .thenComparingDouble(d -> -d.resources().cpus())
                .thenComparingDouble(d -> -d.resources().memMb())
                .thenComparing(TaskDemand::task));
        Map<TaskName, PlacementDecision.Assignment> assigned = new HashMap<>();
        TaskDemand previous = null;
        RoleSpread previousSpread = null;
        int previousChoice = -1;
        for (TaskDemand demand : ordered) {
            RoleSpread spread = roles.computeIfAbsent(demand.task().role(), r -> new RoleSpread(demand.constraints()));
            int chosen = packsOnto(previous, previousSpread, previousChoice, demand, spread, trial) ? previousChoice
                    : choose(demand, trial, spread);
            if (chosen < 0) {
                return new PlacementDecision.Waiting(explain(demand, trial, spread));
            }
            AgentCapacity writable = trial.writable(chosen);
            spread.record(writable);
            assigned.put(demand.task(), new PlacementDecision.Assignment(demand.task(), writable, writable.take(demand)));
            previous = demand;
            previousSpread = spread;
            previousChoice = chosen;
        }
        List<PlacementDecision.Assignment> inOrder = new ArrayList<>(demands.size());
        for (TaskDemand demand : demands) {
            inOrder.add(assigned.get(demand.task()));
        }
        return new PlacementDecision.Placed(Collections.unmodifiableList(inOrder));
    }

    /**
     * Whether {@link #choose} would pick the previous task's agent again without a scan: under
     * {@link Strategy#PACK}, for a task with the same needs, both of roles without constraints,
     * the agent the previous task took is still the fullest that fits if it fits at all (it only
     * got fuller, and no other agent changed), so a scan would return it.
     */
    private boolean packsOnto(TaskDemand previous, RoleSpread previousSpread, int previousChoice, TaskDemand demand,
                              RoleSpread spread, TrialAgents trial) {
        return strategy == Strategy.PACK && previous != null && spread.unconstrained()
                && previousSpread.unconstrained() && previous.ports() == demand.ports()
                && previous.resources().equals(demand.resources()) && trial.get(previousChoice).fits(demand);
    }

    /** The index of the agent for the task, or -1 when none will do. */
    private int choose(TaskDemand demand, TrialAgents agents, RoleSpread spread) {
        boolean wantsGpu = demand.resources().gpus() > 0;
        int best = best(demand, agents, spread, !wantsGpu);
        if (best < 0 && !wantsGpu && cpuTasksOnGpuAgents) {
            best = best(demand, agents, spread, false);
        }
        return best;
    }

    private int best(TaskDemand demand, TrialAgents agents, RoleSpread spread, boolean noGpuAgents) {
        return agents.pool().sorted() != null && !spread.groupsBy() ? walk(demand, agents, spread, noGpuAgents)
                : scan(demand, agents, spread, noGpuAgents);
    }

    /**
     * Every agent for the task. Plain field reads and comparisons, no allocation, no lookup; the
     * role's constraints are asked only about agents the task fits on. Ties go to the earlier agent.
     */
    private int scan(TaskDemand demand, TrialAgents agents, RoleSpread spread, boolean noGpuAgents) {
        Resources need = demand.resources();
        double cpus = need.cpus();
        double mem = need.memMb();
        double disk = need.diskMb();
        int gpus = need.gpus();
        int ports = demand.ports();
        int best = -1;
        AgentCapacity bestAgent = null;
        int bestGroup = Integer.MAX_VALUE;
        for (int p = 0, n = agents.positions(); p < n; p++) {
            if (!agents.live(p)) {
                continue;
            }
            AgentCapacity agent = agents.get(p);
            if ((noGpuAgents && agent.isGpuAgent()) || !agent.fits(cpus, mem, disk, gpus, ports)
                    || !spread.allows(agent)) {
                continue;
            }
            int group = spread.groupLoad(agent);
            if (best < 0 || group < bestGroup || (group == bestGroup && better(agent, bestAgent))) {
                best = p;
                bestAgent = agent;
                bestGroup = group;
            }
        }
        return best;
    }

    /**
     * What {@link #scan} finds, for a role that prefers no attribute value: the first agent in the
     * pool's order of preference that the task fits on and the role allows, among the agents this
     * trial has not taken from (they are as the pool has them), then the better of it and those
     * taken from (few; ties to the earlier position, as a scan has them).
     */
    private int walk(TaskDemand demand, TrialAgents agents, RoleSpread spread, boolean noGpuAgents) {
        Resources need = demand.resources();
        double cpus = need.cpus();
        double mem = need.memMb();
        double disk = need.diskMb();
        int gpus = need.gpus();
        int ports = demand.ports();
        AgentPool pool = agents.pool();
        int[] order = pool.sorted();
        int found = -1;
        for (int k = pool.walkStart(gpus, cpus); k < order.length && found < 0; k++) {
            int p = order[k];
            if (pool.removed(p) || agents.touched(p)) {
                continue;
            }
            AgentCapacity agent = pool.at(p);
            if (!(noGpuAgents && agent.isGpuAgent()) && agent.fits(cpus, mem, disk, gpus, ports)
                    && spread.allows(agent)) {
                found = p;
            }
        }
        for (int p : agents.touched()) {
            AgentCapacity agent = agents.get(p);
            if ((noGpuAgents && agent.isGpuAgent()) || !agent.fits(cpus, mem, disk, gpus, ports)
                    || !spread.allows(agent)) {
                continue;
            }
            AgentCapacity current = found < 0 ? null : agents.get(found);
            if (current == null || better(agent, current) || (!better(current, agent) && p < found)) {
                found = p;
            }
        }
        return found;
    }

    private boolean better(AgentCapacity candidate, AgentCapacity current) {
        int byGpus = Integer.compare(candidate.gpus(), current.gpus());
        int byCpus = Double.compare(candidate.cpus(), current.cpus());
        int byMem = Double.compare(candidate.memMb(), current.memMb());
        int order = byGpus != 0 ? byGpus : byCpus != 0 ? byCpus : byMem;
        return strategy == Strategy.PACK ? order < 0 : order > 0;
    }

    private String explain(TaskDemand demand, TrialAgents agents, RoleSpread spread) {
        boolean wantsGpu = demand.resources().gpus() > 0;
        List<AgentCapacity> eligible = new ArrayList<>();
        for (int p = 0; p < agents.positions(); p++) {
            AgentCapacity a = agents.get(p);
            if (agents.live(p) && (wantsGpu ? a.isGpuAgent() : (cpuTasksOnGpuAgents || !a.isGpuAgent()))) {
                eligible.add(a);
            }
        }
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
}
