package io.mesoflow.placement.core;

import io.mesoflow.events.Resources;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What each agent has free as a preemption's what-if sees it ({@link VictimSelector}): not only what
 * its held offers sum to, but what it has free in all, held or not. A backend may offer one agent's
 * free resources as several offers (the local agent's slices, a Mesos agent's resources freed at
 * different times) that come, are declined and come back at different times, so at the moment a job
 * waits only some of them may be held; sized against those alone, a preemption would take more
 * victims than the job needs (the unheld offers come back with the revive the same pass sends).
 *
 * <p>For an agent with at least one held offer, each of its CPUs, memory and GPUs free is the larger
 * of its held offers' sum and its known capacity ({@link AgentTotal}: the most it ever offered at
 * once) less what every unfinished task placed on it holds. Disk and ports stay as held (no
 * capacity is known for them). An agent with no offer held is left out, as before: it may be gone,
 * and a job must not wait on resources nobody offers. Pure; the given agents are never changed.
 */
public final class FreeEstimate {
    /**
     * How long after its submission a waiting job counts on the offers not held now coming back:
     * several offer cycles (an idle hold, a revive). Past it, the estimate may be stale (another
     * framework took what MesoFlow once saw offered, the agent shrank), so the job sizes its victims
     * against the held offers alone, as it did before: it may then take a victim more than it needed,
     * but it never waits for ever on resources that no one offers.
     */
    public static final Duration TRUSTED_FOR = Duration.ofSeconds(15);

    private FreeEstimate() {
    }

    /** Whether a job submitted at {@code submittedAt} still counts on the whole estimate ({@link #TRUSTED_FOR}). */
    public static boolean trusted(Instant submittedAt, Instant now) {
        return Duration.between(submittedAt, now).compareTo(TRUSTED_FOR) < 0;
    }

    /**
     * What is in use per agent once the round's placements are counted: {@code placedBefore} (the
     * unfinished tasks placed by earlier passes) plus every task the round placed (its demand, with
     * the overhead, on its agent), whose rows are written only after the preemption is decided.
     */
    public static Map<String, Resources> inUse(Map<String, Resources> placedBefore, PlacementRound.Outcome round) {
        Map<String, Resources> inUse = new LinkedHashMap<>(placedBefore);
        for (PlacementRound.Result result : round.results()) {
            if (result instanceof PlacementRound.Placed placed) {
                Map<io.mesoflow.events.TaskName, Resources> demands = new LinkedHashMap<>();
                placed.job().demands().forEach(d -> demands.put(d.task(), d.resources()));
                for (PlacementDecision.Assignment a : placed.decision().assignments()) {
                    Resources demand = demands.get(a.task());
                    if (demand != null) {
                        inUse.merge(a.agent().agentId(), demand, FreeEstimate::sum);
                    }
                }
            }
        }
        return inUse;
    }

    /** Two amounts of resources added. */
    public static Resources sum(Resources a, Resources b) {
        return new Resources(a.cpus() + b.cpus(), a.memMb() + b.memMb(), a.diskMb() + b.diskMb(), a.gpus() + b.gpus());
    }

    /**
     * @param held   each agent's held offers, summed
     * @param totals every known agent's capacity
     * @param inUse  per agent, what its unfinished placed tasks hold (with the backend's overhead), the
     *               round's placements included ({@link #inUse})
     */
    public static Map<String, AgentCapacity> of(Map<String, AgentCapacity> held, List<AgentTotal> totals,
                                                Map<String, Resources> inUse) {
        Map<String, AgentTotal> byId = new LinkedHashMap<>();
        totals.forEach(t -> byId.put(t.agentId(), t));
        Map<String, AgentCapacity> free = new LinkedHashMap<>();
        held.forEach((agentId, capacity) -> {
            AgentTotal total = byId.get(agentId);
            if (total == null) {
                free.put(agentId, capacity);
                return;
            }
            Resources used = inUse.getOrDefault(agentId, new Resources(0, 0, 0, 0));
            free.put(agentId, capacity.atLeast(total.cpus() - used.cpus(), total.memMb() - used.memMb(),
                    total.gpus() - used.gpus()));
        });
        return free;
    }
}
