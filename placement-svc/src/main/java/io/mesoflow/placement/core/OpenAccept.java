package io.mesoflow.placement.core;

import io.mesoflow.events.OfferMade;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One agent's ACCEPT that jobs of a placement round share ({@code jobs-per-accept}): the offers
 * it names so far ({@code accepted}), the agent's other held offers ({@code offers} less those),
 * and every task the jobs in it placed there with its ports. What the round sees of the agent is
 * {@link #capacity()}: all those offers pooled, less every task placed, so a later job may take
 * what the accepted offers have left (joining the ACCEPT) or more offers, and never a port or GPU
 * given already. Immutable.
 *
 * @param offers   the agent's offers the round holds, in the order given (accepted ones among them)
 * @param accepted the offers the ACCEPT names so far
 * @param demands  the tasks placed in it, in order
 * @param ports    each of those tasks' ports
 * @param jobs     how many jobs share it
 */
public record OpenAccept(String agentId, List<OfferMade> offers, List<OfferMade> accepted, List<TaskDemand> demands,
                         List<List<Integer>> ports, int jobs, int totalGpus) {
    public OpenAccept {
        offers = List.copyOf(offers);
        accepted = List.copyOf(accepted);
        demands = List.copyOf(demands);
        ports = List.copyOf(ports);
    }

    /** The ACCEPT after one more job placed {@code tasks} at {@code taskPorts} on it, naming {@code nowAccepted}. */
    public OpenAccept join(List<OfferMade> nowAccepted, List<TaskDemand> tasks, List<List<Integer>> taskPorts) {
        List<TaskDemand> allDemands = new ArrayList<>(demands);
        allDemands.addAll(tasks);
        List<List<Integer>> allPorts = new ArrayList<>(ports);
        allPorts.addAll(taskPorts);
        return new OpenAccept(agentId, offers, nowAccepted, allDemands, allPorts, jobs + 1, totalGpus);
    }

    /** The agent as the round sees it: every offer held, less every task placed in the ACCEPT. */
    public AgentCapacity capacity() {
        AgentCapacity agent = AgentCapacity.of(offers, totalGpus);
        for (int i = 0; i < demands.size(); i++) {
            agent.takeAt(demands.get(i), ports.get(i));
        }
        return agent;
    }

    /** The agent's held offers the ACCEPT does not name (they stay held when it closes). */
    public List<OfferMade> notAccepted() {
        return offers.stream().filter(o -> !accepted.contains(o)).toList();
    }

    /** Every port given to a task in the ACCEPT. */
    public Set<Integer> takenPorts() {
        Set<Integer> taken = new HashSet<>();
        ports.forEach(taken::addAll);
        return taken;
    }
}
