package io.mesoflow.placement.core;

import io.mesoflow.events.OfferMade;
import io.mesoflow.events.PortRange;
import io.mesoflow.events.Resources;
import io.mesoflow.events.TaskName;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A placed job narrowed to the offers it accepts ({@link OfferChoice}): each assignment's agent is
 * the sum of the offers accepted on it (its {@link AgentCapacity#offerIds()} are what the launch
 * names), and each agent the job used keeps its other offers ({@link #left}), for the next job of
 * the round or a later pass. A task's port that the accepted offers do not hold is replaced by the
 * lowest port they hold that no task of the job took (a task never uses a port that is not offered
 * to it); with {@code pinPorts} (a relaunch on its own port) the offers holding the ports are taken
 * instead. An agent with no offers (a what-if) keeps nothing. Pure.
 *
 * @param placed the decision, its agents narrowed to the accepted offers
 * @param used   the agents the job used, in the order of its assignments
 * @param left   per agent used, the offers it did not accept summed; absent when none are left
 */
public record AcceptedOffers(PlacementDecision.Placed placed, List<String> used, Map<String, AgentCapacity> left) {

    /** Narrows {@code placed}, whose tasks need what {@code demands} say. */
    public static AcceptedOffers of(List<TaskDemand> demands, PlacementDecision.Placed placed, boolean pinPorts) {
        return of(demands, placed, pinPorts, Map.of());
    }

    /**
     * Narrows {@code placed}; on an agent with an {@link OpenAccept} the job joins it: the offers
     * that ACCEPT names already are accepted whatever the job needs, the choice covers what its
     * earlier tasks and this job's need together, and no task gets a port an earlier one has.
     */
    public static AcceptedOffers of(List<TaskDemand> demands, PlacementDecision.Placed placed, boolean pinPorts,
                                    Map<String, OpenAccept> open) {
        Map<TaskName, TaskDemand> byTask = new HashMap<>();
        demands.forEach(d -> byTask.put(d.task(), d));
        Map<String, List<PlacementDecision.Assignment>> byAgent = new LinkedHashMap<>();
        placed.assignments().forEach(a -> byAgent.computeIfAbsent(a.agent().agentId(), id -> new ArrayList<>()).add(a));
        Map<TaskName, PlacementDecision.Assignment> narrowed = new HashMap<>();
        Map<String, AgentCapacity> left = new HashMap<>();
        byAgent.forEach((agentId, assignments) -> {
            AgentCapacity agent = assignments.get(0).agent();
            OpenAccept joined = open.get(agentId);
            if (joined == null && agent.offers().size() <= 1) { // all of it (or a what-if): nothing to choose
                assignments.forEach(a -> narrowed.put(a.task(), a));
                return;
            }
            List<OfferMade> chosen = OfferChoice.choose(agent.offers(), need(assignments, byTask, pinPorts, joined),
                    joined == null ? List.of() : joined.accepted());
            AgentCapacity accepted = AgentCapacity.of(chosen, agent.totalGpus());
            List<List<Integer>> ports = portsWithin(chosen, assignments,
                    joined == null ? Set.of() : joined.takenPorts());
            for (int i = 0; i < assignments.size(); i++) {
                TaskName task = assignments.get(i).task();
                narrowed.put(task, new PlacementDecision.Assignment(task, accepted, ports.get(i)));
            }
            List<OfferMade> rest = agent.offers().stream().filter(o -> !chosen.contains(o)).toList();
            if (!rest.isEmpty()) {
                left.put(agentId, AgentCapacity.of(rest, agent.totalGpus()));
            }
        });
        List<PlacementDecision.Assignment> inOrder = placed.assignments().stream().map(a -> narrowed.get(a.task()))
                .toList();
        return new AcceptedOffers(new PlacementDecision.Placed(inOrder), List.copyOf(byAgent.keySet()),
                Map.copyOf(left));
    }

    /** What the tasks on one agent need, with the tasks of the ACCEPT they join (if any). */
    private static OfferChoice.Need need(List<PlacementDecision.Assignment> assignments,
                                         Map<TaskName, TaskDemand> byTask, boolean pinPorts, OpenAccept joined) {
        double cpus = 0;
        double mem = 0;
        double disk = 0;
        int gpus = 0;
        Set<Integer> ports = new HashSet<>();
        if (joined != null) {
            for (TaskDemand earlier : joined.demands()) {
                cpus += earlier.resources().cpus();
                mem += earlier.resources().memMb();
                disk += earlier.resources().diskMb();
                gpus += earlier.resources().gpus();
            }
            ports.addAll(joined.takenPorts());
        }
        for (PlacementDecision.Assignment a : assignments) {
            TaskDemand demand = byTask.get(a.task());
            Resources r = demand == null ? new Resources(0, 0, 0, 0) : demand.resources();
            cpus += r.cpus();
            mem += r.memMb();
            disk += r.diskMb();
            gpus += r.gpus();
            ports.addAll(a.ports());
        }
        return new OfferChoice.Need(cpus, mem, disk, gpus, ports.size(), pinPorts ? ports : Set.of());
    }

    /**
     * Each task's ports, in order: kept where the chosen offers hold them, else their lowest port
     * that no task uses ({@code taken}: the ports of the ACCEPT's earlier jobs).
     */
    private static List<List<Integer>> portsWithin(List<OfferMade> chosen, List<PlacementDecision.Assignment> tasks,
                                                   Set<Integer> taken) {
        boolean allOffered = tasks.stream().allMatch(a -> a.ports().stream()
                .allMatch(port -> chosen.stream().anyMatch(o -> OfferChoice.holds(o, port))));
        if (allOffered) {
            return tasks.stream().map(PlacementDecision.Assignment::ports).toList();
        }
        TreeSet<Integer> spare = new TreeSet<>();
        for (OfferMade offer : chosen) {
            for (PortRange range : offer.ports()) {
                for (int p = range.begin(); p <= range.end(); p++) {
                    spare.add(p);
                }
            }
        }
        tasks.forEach(a -> a.ports().forEach(spare::remove));
        spare.removeAll(taken);
        List<List<Integer>> ports = new ArrayList<>();
        for (PlacementDecision.Assignment a : tasks) {
            List<Integer> mine = new ArrayList<>(a.ports().size());
            for (int port : a.ports()) {
                boolean offered = chosen.stream().anyMatch(o -> OfferChoice.holds(o, port));
                mine.add(offered ? port : spare.pollFirst());
            }
            ports.add(List.copyOf(mine));
        }
        return ports;
    }

    /** Applies the job to the round's agents (and pool, if any): each agent used keeps what is {@link #left}, or leaves. */
    public void applyTo(Map<String, AgentCapacity> agents, AgentPool pool) {
        for (String agentId : used) {
            AgentCapacity rest = left.get(agentId);
            if (rest == null) {
                agents.remove(agentId);
                if (pool != null) {
                    pool.remove(agentId);
                }
            } else {
                agents.put(agentId, rest);
                if (pool != null) {
                    pool.replace(agentId, rest);
                }
            }
        }
    }
}
