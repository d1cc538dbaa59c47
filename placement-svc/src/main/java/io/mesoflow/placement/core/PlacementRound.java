package io.mesoflow.placement.core;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One pass over the queue: each job, in {@link QueueOrder}, is checked against its team's quota
 * and budget ({@link QuotaGate}), then gang-placed on the agents left ({@link GangPlacer}).
 *
 * <p>Backfill: a job that does not fit does not hold up the jobs behind it; a smaller one may be
 * placed first. To keep a big job from starving, a job that has waited for resources longer than
 * {@code backfillLimit} <em>reserves</em>: no job behind it is placed until it is, so resources
 * freed by finishing jobs collect until it fits. Only the first such job reserves, and a job held
 * back by its own team's quota or budget never does (it waits for its team, not for resources),
 * nor does a job that can never fit on the agents seen so far ({@link NeverFits}): it would hold up
 * the whole queue for nothing.
 *
 * <p>A placed job accepts, on each agent it uses, only the offers its tasks need
 * ({@link AcceptedOffers}); the agent's other offers stay in the round for the jobs after it, and an
 * agent with none left leaves it. With {@code jobsPerAccept} over 1, what the accepted offers have
 * left stays in the round too, for later jobs to join the same ACCEPT ({@link SharedAccepts}).
 * The agents map is changed accordingly.
 */
public final class PlacementRound {
    /** What the round decided for one job. */
    public sealed interface Result {
        QueuedJob job();
    }

    public record Placed(QueuedJob job, PlacementDecision.Placed decision) implements Result {
    }

    /** {@code position}: 1 for the first waiting job in queue order. {@code forResources}: not held by quota. */
    public record Waiting(QueuedJob job, String reason, int position, boolean forResources) implements Result {
    }

    /**
     * Every job's result in queue order, the job that reserves resources (null if none), and the
     * ACCEPTs placed jobs share ({@link SharedAccepts}; none with {@code jobs-per-accept} 1).
     */
    public record Outcome(List<Result> results, String reservedBy, List<SharedAccepts.Shared> shared) {
        public Outcome {
            shared = List.copyOf(shared);
        }

        public Outcome(List<Result> results, String reservedBy) {
            this(results, reservedBy, List.of());
        }

        public boolean anyWaitingForResources() {
            return results.stream().anyMatch(r -> r instanceof Waiting w && w.forResources());
        }
    }

    /**
     * What the pass adds to a round: jobs waiting for the jobs they preempted to release their
     * resources (job id to the reason they show; each reserves, whatever its wait), and the share
     * of a budget a budget-suspended job waits to be free ({@link QuotaGate}).
     */
    public record Holds(Map<String, String> preempting, double resumeHeadroom) {
        public static final Holds NONE = new Holds(Map.of(), 0);
    }

    private PlacementRound() {
    }

    public static Outcome run(List<QueuedJob> queue, Map<String, TeamQuota> quotas, Map<String, TeamUsage> usage,
                              Map<String, AgentCapacity> agents, GangPlacer placer, Instant now,
                              Duration backfillLimit) {
        return run(queue, quotas, usage, agents, List.of(), placer, now, backfillLimit);
    }

    /** The round, with the capacity of every agent seen so far ({@code seen}) to tell "not now" from "never". */
    public static Outcome run(List<QueuedJob> queue, Map<String, TeamQuota> quotas, Map<String, TeamUsage> usage,
                              Map<String, AgentCapacity> agents, List<AgentTotal> seen, GangPlacer placer,
                              Instant now, Duration backfillLimit) {
        return run(queue, quotas, usage, agents, seen, placer, now, backfillLimit, Holds.NONE);
    }

    /** The round, with the pass's {@link Holds}; each job accepts its own offers. */
    public static Outcome run(List<QueuedJob> queue, Map<String, TeamQuota> quotas, Map<String, TeamUsage> usage,
                              Map<String, AgentCapacity> agents, List<AgentTotal> seen, GangPlacer placer,
                              Instant now, Duration backfillLimit, Holds holds) {
        return run(queue, quotas, usage, agents, seen, placer, now, backfillLimit, holds, 1);
    }

    /** The round, up to {@code jobsPerAccept} jobs sharing one ACCEPT of an agent's offers ({@link SharedAccepts}). */
    public static Outcome run(List<QueuedJob> queue, Map<String, TeamQuota> quotas, Map<String, TeamUsage> usage,
                              Map<String, AgentCapacity> agents, List<AgentTotal> seen, GangPlacer placer,
                              Instant now, Duration backfillLimit, Holds holds, int jobsPerAccept) {
        SharedAccepts accepts = new SharedAccepts(jobsPerAccept);
        Map<String, TeamUsage> teams = new HashMap<>(usage);
        QueueOrder.Cluster cluster = cluster(agents, usage);
        AgentPool pool = new AgentPool(agents.values(), placer.strategy()); // indexed once for every job of the round
        List<Result> results = new ArrayList<>();
        QueuedJob reserving = null;
        boolean reservedByPreemption = false;
        int position = 0;
        for (QueuedJob job : QueueOrder.order(queue, usage, cluster)) {
            TeamUsage used = teams.getOrDefault(job.team(), TeamUsage.NONE);
            String overQuota = QuotaGate.check(job, quotas.get(job.team()), used, holds.resumeHeadroom());
            if (overQuota != null) {
                results.add(new Waiting(job, overQuota, ++position, false));
                continue;
            }
            if (reserving != null && reservedByPreemption) {
                results.add(new Waiting(job, "waiting behind job " + reserving.jobId() + ", which preempted jobs "
                        + "and has their resources kept for it", ++position, true));
                continue;
            }
            if (reserving != null) {
                results.add(new Waiting(job, "waiting behind job " + reserving.jobId() + ", which has waited "
                        + minutes(Duration.between(reserving.submittedAt(), now)) + " (over the backfill limit of "
                        + minutes(backfillLimit) + ") and now has resources kept for it", ++position, true));
                continue;
            }
            PlacementDecision decision = accepts.place(placer, job.demands(), agents, pool);
            if (decision instanceof PlacementDecision.Placed placed) {
                PlacementDecision.Placed accepted = accepts.accept(job.jobId(), job.demands(), placed, agents, pool);
                teams.put(job.team(), used.plus(job.cpus(), job.memMb(), job.gpus()));
                results.add(new Placed(job, accepted));
            } else {
                String preempting = holds.preempting().get(job.jobId());
                if (preempting != null) {
                    results.add(new Waiting(job, preempting, ++position, true));
                    reserving = job;
                    reservedByPreemption = true;
                    continue;
                }
                String notNow = ((PlacementDecision.Waiting) decision).reason();
                Optional<String> never = NeverFits.check(job.demands(), seen, placer.cpuTasksOnGpuAgents());
                results.add(new Waiting(job, never.map(n -> n + " (now: " + notNow + ")").orElse(notNow), ++position,
                        true));
                if (never.isEmpty() && Duration.between(job.submittedAt(), now).compareTo(backfillLimit) > 0) {
                    reserving = job;
                }
            }
        }
        return new Outcome(results, reserving == null ? null : reserving.jobId(), accepts.shared(agents, pool));
    }

    private static QueueOrder.Cluster cluster(Map<String, AgentCapacity> agents, Map<String, TeamUsage> usage) {
        double cpus = 0;
        double mem = 0;
        int gpus = 0;
        for (AgentCapacity a : agents.values()) {
            cpus += a.cpus();
            mem += a.memMb();
            gpus += a.gpus();
        }
        for (TeamUsage u : usage.values()) {
            cpus += u.cpus();
            mem += u.memMb();
            gpus += u.gpus();
        }
        return new QueueOrder.Cluster(cpus, mem, gpus);
    }

    private static String minutes(Duration d) {
        long m = d.toMinutes();
        return m >= 1 ? m + " min" : d.toSeconds() + " s";
    }
}
