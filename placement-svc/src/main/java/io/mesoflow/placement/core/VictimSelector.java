package io.mesoflow.placement.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Chooses which eligible gangs ({@link PreemptionRules}) a waiting job preempts: the least loss
 * first (GPU-hours since each one's last checkpoint), then the lower priority, then the most recent
 * start; taken in that order until the waiting job gang-fits ({@link GangPlacer}) on what is free
 * plus what they hold; then every victim not needed (tried from the most costly) is dropped again.
 * What is free is each agent's whole free capacity, held as offers or not ({@link FreeEstimate}): a
 * job that fits on it without a victim preempts no one (its offers are on their way).
 * Deterministic: ties go to the job id. The given agents are never changed.
 */
public final class VictimSelector {
    private VictimSelector() {
    }

    public static PreemptionOutcome select(QueuedJob waiting, List<RunningGang> candidates,
                                           Map<String, AgentCapacity> free, GangPlacer placer, Instant now) {
        if (candidates.isEmpty()) {
            return new PreemptionOutcome.NoPreemption("no running job may be preempted by job " + waiting.jobId());
        }
        if (fits(waiting, free, List.of(), placer)) {
            return new PreemptionOutcome.NoPreemption("job " + waiting.jobId() + " fits on what the agents have free"
                    + " once it is all offered: it waits for those offers and preempts no one");
        }
        List<RunningGang> ordered = new ArrayList<>(candidates);
        ordered.sort(Comparator.comparingDouble((RunningGang g) -> g.gpuHoursSinceCheckpoint(now))
                .thenComparingInt(RunningGang::priority)
                .thenComparing(RunningGang::startedAt, Comparator.reverseOrder())
                .thenComparing(RunningGang::jobId));
        List<RunningGang> chosen = new ArrayList<>();
        boolean fits = false;
        for (RunningGang gang : ordered) {
            chosen.add(gang);
            if (fits(waiting, free, chosen, placer)) {
                fits = true;
                break;
            }
        }
        if (!fits) {
            return new PreemptionOutcome.NoPreemption("preempting all " + ordered.size()
                    + " eligible job(s) would still not make room for job " + waiting.jobId());
        }
        for (int i = chosen.size() - 1; i >= 0 && chosen.size() > 1; i--) {
            List<RunningGang> without = new ArrayList<>(chosen);
            without.remove(i);
            if (fits(waiting, free, without, placer)) {
                chosen = without;
            }
        }
        double cost = chosen.stream().mapToDouble(g -> g.gpuHoursSinceCheckpoint(now)).sum();
        String reason = "preempting " + chosen.stream().map(g -> g.jobId() + " (priority " + g.priority() + ", "
                + fmtHours(g.gpuHoursSinceCheckpoint(now)) + " GPU-hours since its checkpoint)")
                .collect(Collectors.joining(", ")) + " makes room for job " + waiting.jobId();
        return new PreemptionOutcome.Preempt(chosen, cost, reason);
    }

    /** Whether the waiting job gang-fits on the free agents plus what {@code victims} hold. */
    static boolean fits(QueuedJob waiting, Map<String, AgentCapacity> free, List<RunningGang> victims,
                        GangPlacer placer) {
        return placer.place(waiting.demands(), released(free, victims)) instanceof PlacementDecision.Placed;
    }

    /** The free agents with what the victims hold given back (agents with no offer held start empty). */
    static Collection<AgentCapacity> released(Map<String, AgentCapacity> free, List<RunningGang> victims) {
        Map<String, AgentCapacity> agents = new LinkedHashMap<>(free);
        for (RunningGang gang : victims) {
            for (RunningGang.Held held : gang.held()) {
                AgentCapacity base = agents.get(held.agentId());
                if (base == null) {
                    base = AgentCapacity.nothingFree(held.agentId(), held.hostname(), held.attributes(), 0);
                }
                agents.put(held.agentId(), base.plus(held.resources(), held.ports()));
            }
        }
        return agents.values();
    }

    /** GPU-hours with one decimal (at least two significant digits under 0.1). */
    public static String fmtHours(double hours) {
        if (hours > 0 && hours < 0.1) {
            return String.format(java.util.Locale.ROOT, "%.2g", hours);
        }
        return String.format(java.util.Locale.ROOT, "%.1f", hours);
    }
}
