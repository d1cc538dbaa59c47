package io.mesoflow.placement.app;

import io.mesoflow.events.DeclineOfferRequested;
import io.mesoflow.events.EventCodec;
import io.mesoflow.events.JobSpec;
import io.mesoflow.events.JobState;
import io.mesoflow.events.JobStatusChanged;
import io.mesoflow.events.ReviveOffersRequested;
import io.mesoflow.events.SuppressOffersRequested;
import io.mesoflow.events.TaskPlacement;
import io.mesoflow.events.TasksPlaced;
import io.mesoflow.events.TasksPlacedTogether;
import io.mesoflow.events.Topics;
import io.mesoflow.placement.PlacementConfig;
import io.mesoflow.placement.core.AgentCapacity;
import io.mesoflow.placement.core.GangPlacer;
import io.mesoflow.placement.core.LaunchPlanner;
import io.mesoflow.placement.core.OfferRelease;
import io.mesoflow.placement.core.PlacementDecision;
import io.mesoflow.placement.core.PlacementRound;
import io.mesoflow.placement.core.QueuePositionNotice;
import io.mesoflow.placement.core.QueuedJob;
import io.mesoflow.placement.core.ReviveRule;
import io.mesoflow.placement.core.SharedAccepts;
import io.mesoflow.placement.core.TeamQuota;
import io.mesoflow.placement.model.HeldOfferEntity;
import io.mesoflow.placement.model.PendingJobEntity;
import io.mesoflow.placement.model.PendingRelaunchEntity;
import io.mesoflow.placement.model.PlacedTaskEntity;
import io.mesoflow.service.Outbox;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * One placement pass: relaunches first (RelaunchPass), then the queue ({@link PlacementRound}:
 * order, quotas, budgets, backfill) against the offers held, then the offers no one needs go
 * back ({@link OfferRelease}). Passes are serialized across instances by a PostgreSQL advisory
 * lock, so no offer and no job is ever placed twice. Every transaction that rewrites rows a pass
 * writes takes that lock first ({@link #lock()}), before any row lock, so the two never overwrite
 * each other; submissions, offers and task ends only insert rows or end a task conditionally, and
 * do not take it ({@link io.mesoflow.placement.core.EventRelevance#needsPassLock}).
 */
@ApplicationScoped
public class PlacementPass {
    private static final Logger LOG = Logger.getLogger(PlacementPass.class);
    private static final long PASS_LOCK = 0x706c6163656d656eL; // "placemen"
    /** Every pass reads every pending job's spec: each text is decoded once. */
    static final io.mesoflow.service.DecodedJson<JobSpec> SPECS = new io.mesoflow.service.DecodedJson<>(JobSpec.class,
            4096);

    @Inject
    EntityManager entityManager;

    @Inject
    Outbox outbox;

    @Inject
    PlacementConfig config;

    @Inject
    MeterRegistry metrics;

    @Inject
    RelaunchPass relaunches;

    @Inject
    TeamLedger ledger;

    @Inject
    KnownAgents knownAgents;

    @Inject
    OfferFlow offerFlow;

    @Inject
    PreemptionPass preemption;

    @Inject
    ResumedAttempts resumedAttempts;

    private volatile Instant lastDecline = Instant.EPOCH;
    private volatile Instant lastRevive = Instant.EPOCH;

    /** Takes the pass lock for the rest of the transaction (taken again by the same transaction: a no-op). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void lock() {
        entityManager.createNativeQuery("SELECT pg_advisory_xact_lock(" + PASS_LOCK + ")").getSingleResult();
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void run() {
        lock();
        Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        Map<String, AgentCapacity> agents = HeldOffers.byAgent(knownAgents.gpuCapacity());
        GangPlacer placer = new GangPlacer(config.cpuTasksOnGpuAgents(), config.strategy());
        relaunches.run(agents, placer);
        List<PendingJobEntity> pending = PendingJobEntity.list("status", PendingJobEntity.PENDING);
        Map<String, PendingJobEntity> byId = new HashMap<>();
        Map<String, JobSpec> specs = new HashMap<>();
        List<QueuedJob> queue = pending.stream().map(job -> {
            JobSpec spec = SPECS.of(job.spec);
            byId.put(job.jobId, job);
            specs.put(job.jobId, spec);
            return new QueuedJob(job.jobId, job.team, job.priority, job.submittedAt, LaunchPlanner.withOverhead(
                    LaunchPlanner.demandsOf(spec), config.taskOverheadCpus(), config.taskOverheadMemMb(),
                    config.taskOverheadDiskMb()), io.mesoflow.events.SuspendCause.BUDGET.wireName()
                    .equals(job.suspendCause));
        }).toList();
        Map<String, TeamQuota> quotas = ledger.quotas();
        Map<String, io.mesoflow.placement.core.TeamUsage> usage = ledger.usage(quotas, now);
        var running = preemption.running();
        preemption.enforceBudgets(quotas, usage, running, now);
        Map<String, String> holds = queue.isEmpty() ? Map.of() : preemption.holds(now);
        long start = System.nanoTime();
        List<io.mesoflow.placement.core.AgentTotal> totals = queue.isEmpty() ? List.of() : knownAgents.totals();
        PlacementRound.Outcome outcome = PlacementRound.run(queue, quotas, usage, agents,
                totals, placer, now, config.backfillLimit(),
                new PlacementRound.Holds(holds, config.budget().resumeHeadroom()), config.jobsPerAccept());
        if (!queue.isEmpty()) {
            metrics.timer("mesoflow.placement.decision").record((System.nanoTime() - start) / queue.size(),
                    TimeUnit.NANOSECONDS);
        }
        boolean relaunchesPending = PendingRelaunchEntity.count("status", PendingRelaunchEntity.PENDING) > 0;
        boolean waitingForResources = outcome.anyWaitingForResources() || relaunchesPending;
        OfferFlow.State flowBefore = offerFlow.read();
        // This pass revives because the backend may withhold resources (suppressed, or under a refusal
        // filter): a preemption sized without them could stop a running job for nothing. The offers the
        // revive brings run the next pass, which decides with them (or the next tick, if none come).
        boolean offersMayBeHidden = ReviveRule.revive(waitingForResources, flowBefore.revivePending(), lastDecline,
                lastRevive, now, config.declineRefuse());
        Map<String, String> preempting = queue.isEmpty() || offersMayBeHidden ? Map.of()
                : preemption.preempt(outcome, holds, quotas, agents, totals, placer, running, now);
        Map<String, TasksPlaced> together = new HashMap<>();
        outcome.shared().forEach(s -> s.jobIds().forEach(id -> together.put(id, null)));
        for (PlacementRound.Result result : outcome.results()) {
            PendingJobEntity job = byId.get(result.job().jobId());
            if (job.requeued) {
                announceRequeue(job, result instanceof PlacementRound.Waiting w ? w.position() : null, now);
            }
            if (result instanceof PlacementRound.Placed placed) {
                boolean shared = together.containsKey(job.jobId);
                TasksPlaced tasks = place(job, specs.get(job.jobId), placed.decision(), !shared);
                if (shared) {
                    together.put(job.jobId, tasks);
                }
            } else if (result instanceof PlacementRound.Waiting waiting) {
                wait(job, preempting.getOrDefault(job.jobId, waiting.reason()), waiting.position());
            }
        }
        for (SharedAccepts.Shared shared : outcome.shared()) { // one record per shared ACCEPT: launched together or not at all
            outbox.add(Topics.PLACEMENTS, new TasksPlacedTogether(shared.agentId(),
                    SharedAccepts.namingEveryOffer(shared.jobIds().stream().map(together::get).toList())));
            metrics.counter("mesoflow.placement.accepts.shared").increment();
        }
        int declined = declineUnneeded(waitingForResources, now);
        OfferFlow.State flow = reviveIfHidden(waitingForResources, flowBefore, now);
        // suppressed already but declining what an agent offered: the backend forgot the suppress (a new
        // launcher term starts unsuppressed), and would offer the same resources again after each filter
        if (queue.isEmpty() && !relaunchesPending && (!flow.suppressed() || declined > 0)) {
            flow = new OfferFlow.State(true, true);
            outbox.add(Topics.CONTROL, new SuppressOffersRequested("nothing waits for resources", now));
        } else if (!queue.isEmpty() || relaunchesPending) {
            flow = new OfferFlow.State(false, flow.revivePending());
        }
        offerFlow.write(flow);
    }

    /** Declines what no one needs; returns how many offers it declined. */
    private int declineUnneeded(boolean waitingForResources, Instant now) {
        List<HeldOfferEntity> held = HeldOfferEntity.list("status", HeldOfferEntity.HELD);
        List<OfferRelease.Decline> declines = OfferRelease.decide(held.stream()
                .map(o -> new OfferRelease.Held(o.offerId, o.agentId, o.receivedAt)).toList(),
                waitingForResources, now, config.offerIdleHold(), config.offerHoldTimeout());
        Map<String, HeldOfferEntity> byId = held.stream().collect(Collectors.toMap(o -> o.offerId, o -> o));
        double refuse = config.declineRefuse().toMillis() / 1000.0;
        for (OfferRelease.Decline decline : declines) {
            byId.get(decline.offerId()).status = HeldOfferEntity.DECLINED;
            outbox.add(Topics.CONTROL, new DeclineOfferRequested(decline.offerId(), decline.agentId(), refuse));
            LOG.debugf("declining offer %s of agent %s: %s", decline.offerId(), decline.agentId(), decline.reason());
        }
        if (!declines.isEmpty()) {
            lastDecline = now;
            metrics.counter("mesoflow.placement.offers.declined").increment(declines.size());
        }
        return declines.size();
    }

    /** Revives when work waits and offers may be hidden ({@link ReviveRule}). */
    private OfferFlow.State reviveIfHidden(boolean waitingForResources, OfferFlow.State flow, Instant now) {
        if (ReviveRule.revive(waitingForResources, flow.revivePending(), lastDecline, lastRevive, now,
                config.declineRefuse())) {
            lastRevive = now;
            outbox.add(Topics.CONTROL, new ReviveOffersRequested("jobs wait for resources", now));
            return new OfferFlow.State(flow.suppressed(), false);
        }
        return flow;
    }

    /**
     * Says once that placement put an automatically suspended job back in the queue, with its
     * suspension; the job's next wait reason then shows only when it changes.
     */
    private void announceRequeue(PendingJobEntity job, Integer position, Instant now) {
        io.mesoflow.events.Suspension suspension = job.suspension == null ? null
                : EventCodec.fromJson(job.suspension, io.mesoflow.events.Suspension.class);
        String reason = suspension != null && suspension.cause() == io.mesoflow.events.SuspendCause.BUDGET
                ? "suspended as team " + job.team + "'s GPU-hour budget was spent: back in the queue, resumes when "
                        + "the window frees budget"
                : "preempted by job " + job.suspendRequestedBy + ": back in the queue, resumes when resources return";
        job.requeued = false;
        job.lastReason = reason;
        job.lastPosition = position;
        outbox.add(Topics.JOB_STATUS, new JobStatusChanged(job.jobId, JobState.QUEUED, reason, position, now,
                suspension));
    }

    /** Records the job as placed and says so; returns its {@code TasksPlaced}, published here when {@code alone}. */
    private TasksPlaced place(PendingJobEntity job, JobSpec spec, PlacementDecision.Placed placed, boolean alone) {
        Instant now = Instant.now();
        Map<String, Integer> attempts = resumedAttempts.next(job.jobId);
        List<TaskPlacement> tasks = LaunchPlanner.launches(job.jobId, spec, placed,
                task -> attempts.getOrDefault(task.toString(), 0));
        Set<String> usedAgents = placed.assignments().stream().map(a -> a.agent().agentId())
                .collect(Collectors.toSet());
        HeldOffers.consume(tasks.stream().flatMap(t -> t.offerIds().stream()).collect(Collectors.toSet()));
        for (TaskPlacement task : tasks) {
            // a task with a row here has an attempt in `attempts` (its query reads these rows): a new job's
            // tasks (most placements) need no lookup each, one round trip per task saved
            PlacedTaskEntity placedTask = !attempts.containsKey(task.taskName()) ? null
                    : PlacedTaskEntity.findById(new PlacedTaskEntity.Key(job.jobId, task.taskName()));
            if (placedTask == null) {
                placedTask = new PlacedTaskEntity();
            }
            placedTask.jobId = job.jobId;
            placedTask.taskName = task.taskName();
            placedTask.attempt = task.attempt();
            placedTask.agentId = task.agentId();
            placedTask.address = task.hostname() + ":" + task.ports().get(0);
            placedTask.placement = EventCodec.json(task);
            placedTask.placedAt = now;
            placedTask.holds(job.team, task.resources());
            placedTask.persist();
        }
        boolean resumed = job.suspending();
        job.status = PendingJobEntity.PLACED;
        job.placedAt = now;
        job.lastReason = null;
        job.clearSuspension();
        TasksPlaced placement = new TasksPlaced(job.jobId, job.revision, tasks, now);
        if (alone) {
            outbox.add(Topics.PLACEMENTS, placement);
        }
        outbox.add(Topics.JOB_STATUS, new JobStatusChanged(job.jobId, JobState.PLACED,
                (resumed ? "resumed: " : "") + "placed " + tasks.size() + " tasks on " + usedAgents.size()
                        + " agent(s)", null, now));
        metrics.counter("mesoflow.placement.jobs.placed").increment();
        metrics.counter("mesoflow.placement.tasks.placed").increment(tasks.size());
        LOG.infof("placed job %s: %d tasks on agents %s", job.jobId, tasks.size(), usedAgents);
        return placement;
    }

    private void wait(PendingJobEntity job, String reason, int position) {
        if (GangPlacer.NO_OFFERS.equals(reason) && job.lastReason != null) {
            // between two offers: the job's last concrete reason still holds (no flapping timeline)
            reason = job.lastReason;
        }
        if (Objects.equals(reason, job.lastReason)
                && !QueuePositionNotice.worthSaying(job.lastPosition, position)) {
            return; // the same reason, the position said still near enough
        }
        job.lastReason = reason;
        job.lastPosition = position;
        outbox.add(Topics.JOB_STATUS, new JobStatusChanged(job.jobId, JobState.QUEUED, reason, position, Instant.now()));
    }
}
