package io.mesoflow.placement.app;

import io.mesoflow.events.JobSuspendRequested;
import io.mesoflow.events.SuspendCause;
import io.mesoflow.events.Suspension;
import io.mesoflow.events.Topics;
import io.mesoflow.placement.PlacementConfig;
import io.mesoflow.placement.core.AgentCapacity;
import io.mesoflow.placement.core.AgentTotal;
import io.mesoflow.placement.core.BudgetEnforcement;
import io.mesoflow.placement.core.FreeEstimate;
import io.mesoflow.placement.core.GangPlacer;
import io.mesoflow.placement.core.PlacementRound;
import io.mesoflow.placement.core.PreemptingReason;
import io.mesoflow.placement.core.PreemptionOutcome;
import io.mesoflow.placement.core.PreemptionPolicy;
import io.mesoflow.placement.core.PreemptionRules;
import io.mesoflow.placement.core.RunningGang;
import io.mesoflow.placement.core.TeamQuota;
import io.mesoflow.placement.core.TeamUsage;
import io.mesoflow.placement.core.VictimSelector;
import io.mesoflow.placement.model.PendingJobEntity;
import io.mesoflow.placement.model.PlacedTaskEntity;
import io.mesoflow.placement.model.PreemptionEntity;
import io.mesoflow.service.Outbox;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Carries out what {@link BudgetEnforcement}, {@link PreemptionRules} and {@link VictimSelector}
 * decide: suspend requests on {@link Topics#JOBS} through the outbox, the job rows marked as
 * suspending, and who preempted whom (for the preemptor's wait and the no-cycles rule).
 */
@ApplicationScoped
public class PreemptionPass {
    private static final Logger LOG = Logger.getLogger(PreemptionPass.class);

    @Inject
    Outbox outbox;

    @Inject
    PlacementConfig config;

    @Inject
    RunningGangs runningGangs;

    @Inject
    MeterRegistry metrics;

    /**
     * The queued jobs that preempted and wait for their victims: until every victim is SUSPENDED (or
     * ended) and {@code release-wait} has passed since. Job id to the reason its status shows.
     */
    public Map<String, String> holds(Instant now) {
        Instant releasedBefore = now.minus(config.preemption().releaseWait());
        Map<String, List<PreemptingReason.Victim>> victims = new LinkedHashMap<>();
        PreemptionEntity.<PreemptionEntity>list("suspendedAt is null or suspendedAt > ?1 order by requestedAt",
                releasedBefore).forEach(e -> victims.computeIfAbsent(e.preemptorJobId, p -> new ArrayList<>())
                        .add(new PreemptingReason.Victim(e.victimJobId, e.victimPriority, e.gpuHours)));
        Map<String, String> holds = new LinkedHashMap<>();
        victims.forEach((preemptor, list) -> holds.put(preemptor, PreemptingReason.of(list)));
        return holds;
    }

    /** Running jobs, loaded at most once a pass and only when a decision needs them. */
    public Supplier<List<RunningGang>> running() {
        return new Supplier<>() {
            private List<RunningGang> loaded;

            @Override
            public List<RunningGang> get() {
                if (loaded == null) {
                    loaded = new ArrayList<>(runningGangs.load());
                }
                return loaded;
            }
        };
    }

    /** Suspends the running GPU jobs of every team whose policy is {@code suspend} and whose budget is spent. */
    public void enforceBudgets(Map<String, TeamQuota> quotas, Map<String, TeamUsage> usage,
                               Supplier<List<RunningGang>> running, Instant now) {
        if (BudgetEnforcement.spentTeams(quotas, usage).isEmpty()) {
            return;
        }
        for (BudgetEnforcement.Suspend suspend : BudgetEnforcement.decide(quotas, usage, running.get())) {
            RunningGang job = suspend.job();
            suspend(job, new Suspension(SuspendCause.BUDGET, suspend.requestedBy(), null,
                    job.gpuHoursSinceCheckpoint(now), job.checkpointStep()), suspend.reason(), now);
            running.get().remove(job);
            metrics.counter("mesoflow.placement.suspended", "cause", "budget").increment();
        }
    }

    /**
     * The first job in queue order that waits for resources (up to the job that reserves), does
     * not already wait for victims and whose policy allows it, preempts if {@link VictimSelector}
     * finds victims. At most one job preempts per pass. Returns that job's id and reason, or nothing.
     * Victims are sized against each agent's whole free capacity ({@link FreeEstimate}: the
     * {@code held} offers, or its known capacity ({@code totals}) less what its placed tasks hold)
     * for a job submitted less than {@link FreeEstimate#TRUSTED_FOR} ago, against the held offers after.
     */
    public Map<String, String> preempt(PlacementRound.Outcome outcome, Map<String, String> holds,
                                       Map<String, TeamQuota> quotas, Map<String, AgentCapacity> held,
                                       List<AgentTotal> totals, GangPlacer placer,
                                       Supplier<List<RunningGang>> running, Instant now) {
        Map<String, AgentCapacity> free = null;
        for (PlacementRound.Result result : outcome.results()) {
            if (result instanceof PlacementRound.Waiting waiting && waiting.forResources()
                    && !holds.containsKey(waiting.job().jobId())) {
                PreemptionPolicy policy = PreemptionPolicy.of(quotas.get(waiting.job().team()),
                        config.preemption().policy(), config.preemption().belowPriority(),
                        config.preemption().minRunTime());
                if (policy.allowsAny()) {
                    List<RunningGang> candidates = PreemptionRules.eligible(waiting.job(), policy, running.get(),
                            preemptedBy(waiting.job().jobId()), now);
                    if (free == null && !candidates.isEmpty()) {
                        free = FreeEstimate.of(held, totals, FreeEstimate.inUse(runningGangs.inUseByAgent(), outcome));
                        if (LOG.isDebugEnabled()) {
                            for (Map.Entry<String, AgentCapacity> agent : free.entrySet()) {
                                LOG.debugf("preemption what-if: agent %s has %s held as %d offer(s), %s free in all",
                                        agent.getKey(), held.get(agent.getKey()).describeFree(),
                                        held.get(agent.getKey()).offerIds().size(), agent.getValue().describeFree());
                            }
                        }
                    }
                    boolean estimated = free != null && FreeEstimate.trusted(waiting.job().submittedAt(), now);
                    PreemptionOutcome decided = VictimSelector.select(waiting.job(), candidates,
                            estimated ? free : held, placer, now);
                    if (decided instanceof PreemptionOutcome.Preempt preempt) {
                        return Map.of(waiting.job().jobId(), carryOut(waiting.job().jobId(), preempt, running, now));
                    }
                    LOG.debugf("job %s does not preempt: %s", waiting.job().jobId(), decided.reason());
                }
            }
            if (result.job().jobId().equals(outcome.reservedBy())) {
                break;
            }
        }
        return Map.of();
    }

    private String carryOut(String preemptor, PreemptionOutcome.Preempt preempt, Supplier<List<RunningGang>> running,
                            Instant now) {
        List<PreemptingReason.Victim> named = new ArrayList<>();
        for (RunningGang victim : preempt.victims()) {
            double lost = victim.gpuHoursSinceCheckpoint(now);
            String reason = "preempted by job " + preemptor + " (higher priority), which needs its resources";
            suspend(victim, new Suspension(SuspendCause.PREEMPTION, preemptor, null, lost, victim.checkpointStep()),
                    reason, now);
            PreemptionEntity edge = new PreemptionEntity();
            edge.victimJobId = victim.jobId();
            edge.preemptorJobId = preemptor;
            edge.requestedAt = now;
            edge.victimPriority = victim.priority();
            edge.gpuHours = lost;
            edge.persist();
            running.get().remove(victim);
            named.add(new PreemptingReason.Victim(victim.jobId(), victim.priority(), lost));
        }
        metrics.counter("mesoflow.placement.suspended", "cause", "preemption").increment(preempt.victims().size());
        LOG.infof("job %s: %s", preemptor, preempt.reason());
        return PreemptingReason.of(named);
    }

    /** Marks the job suspending and asks for its suspension, naming the attempts placed last (they may launch yet). */
    private void suspend(RunningGang gang, Suspension suspension, String reason, Instant now) {
        PendingJobEntity job = PendingJobEntity.findById(gang.jobId());
        SuspensionBook.mark(job, suspension, now);
        Map<String, Integer> placed = PlacedTaskEntity.<PlacedTaskEntity>list("jobId", gang.jobId()).stream()
                .collect(Collectors.toMap(t -> t.taskName, t -> t.attempt));
        outbox.add(Topics.JOBS, new JobSuspendRequested(gang.jobId(), suspension, reason, now, placed));
        LOG.infof("suspending job %s: %s", gang.jobId(), reason);
    }

    /** The jobs that preempted {@code jobId} before: it may not preempt them back. */
    private static Set<String> preemptedBy(String jobId) {
        return PreemptionEntity.<PreemptionEntity>list("victimJobId", jobId).stream()
                .map(e -> e.preemptorJobId).collect(Collectors.toSet());
    }
}
