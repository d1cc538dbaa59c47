package io.mesoflow.api.service;

import io.mesoflow.api.eta.Demand;
import io.mesoflow.api.eta.StartEstimator;
import io.mesoflow.api.model.JobEntity;
import io.mesoflow.api.model.JobProgressEntity;
import io.mesoflow.events.JobSpec;
import io.mesoflow.events.JobState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The whole queue with start ETAs (StartEstimator): every QUEUED job of every team (positions are
 * placement's, across teams) against every job holding resources, with their finish ETAs from the
 * progress rows. Three queries whatever the number of jobs, and at most one such load per
 * {@link #FRESH_FOR}: the console's tabs poll every 3-5 s and the CLI's {@code top} every 2 s, so
 * their pages share one load (each spec text is decoded once, {@link JobSpecs#parse}). The estimate
 * itself (cheap, and the names it may show depend on the reader) is made per request.
 */
@ApplicationScoped
public class QueueEstimates {
    /**
     * States in which a job holds (or is about to hold) its resources. SUSPENDING holds them until
     * its tasks end (its grace period at most); SUSPENDED holds nothing and is not queued either,
     * until a resume puts it back to QUEUED.
     */
    static final List<JobState> HOLDING = List.of(JobState.PLACED, JobState.LAUNCHING, JobState.RUNNING,
            JobState.RESTARTING, JobState.SUSPENDING);
    /** How long one load of the queue serves estimates (a queued job it does not know loads it again). */
    public static final Duration FRESH_FOR = Duration.ofSeconds(2);

    @Inject
    ProgressQuery progress;

    private final ShortLived<Loaded> loads = new ShortLived<>(FRESH_FOR);

    /** A queued job with its priority and estimate. */
    public record QueuedJob(String id, String name, String team, String reason, Instant submittedAt, int priority,
                            StartEstimator.Estimate estimate) {
    }

    /** What one load read: the queued jobs (with their names) and the jobs holding resources. */
    private record Loaded(List<StartEstimator.Queued> waiting, Map<String, String> names,
                          List<StartEstimator.Running> running) {
        boolean knows(Collection<String> queuedIds) {
            return names.keySet().containsAll(queuedIds);
        }
    }

    /** Queued jobs in placement's order, by id; {@code visibleTeam} decides which jobs reasons may name. */
    public Map<String, QueuedJob> estimate(Predicate<String> visibleTeam, Instant now) {
        return estimate(visibleTeam, now, Set.of());
    }

    /**
     * As {@link #estimate(Predicate, Instant)}; {@code queuedIds} are jobs the caller saw QUEUED,
     * which the answer must know: one queued since the last load loads the queue again.
     */
    @Transactional
    public Map<String, QueuedJob> estimate(Predicate<String> visibleTeam, Instant now, Collection<String> queuedIds) {
        Loaded loaded = loads.get(now, l -> l.knows(queuedIds), this::load);
        Map<String, QueuedJob> result = new LinkedHashMap<>();
        if (loaded.waiting().isEmpty()) {
            return result;
        }
        Map<String, StartEstimator.Queued> byId = new LinkedHashMap<>();
        loaded.waiting().forEach(q -> byId.put(q.jobId(), q));
        for (StartEstimator.Estimate e : StartEstimator.estimate(loaded.waiting(), loaded.running(), now,
                visibleTeam)) {
            StartEstimator.Queued q = byId.get(e.jobId());
            result.put(e.jobId(), new QueuedJob(q.jobId(), loaded.names().get(q.jobId()), q.team(), q.reason(),
                    q.submittedAt(), q.priority(), e));
        }
        return result;
    }

    private Loaded load() {
        List<JobEntity> queued = JobEntity.list("state", JobState.QUEUED);
        if (queued.isEmpty()) {
            return new Loaded(List.of(), Map.of(), List.of());
        }
        List<JobEntity> holding = JobEntity.list("state in ?1", HOLDING);
        Map<String, JobProgressEntity> rows = progress.latest(holding.stream().map(j -> j.id).toList());
        Map<String, String> names = new LinkedHashMap<>();
        List<StartEstimator.Queued> waiting = new ArrayList<>();
        for (JobEntity job : queued) {
            JobSpec spec = spec(job.spec);
            names.put(job.id, job.name);
            waiting.add(new StartEstimator.Queued(job.id, job.team, spec == null ? 0 : spec.priority(),
                    job.submittedAt, spec == null ? Demand.NONE : Demand.of(spec), job.reason));
        }
        List<StartEstimator.Running> running = holding.stream().map(job -> {
            JobProgressEntity row = rows.get(job.id);
            return new StartEstimator.Running(job.id, job.team, JobSpecs.demand(job.spec),
                    row == null ? null : row.finishEta, row == null ? null : row.finishEtaReason);
        }).toList();
        return new Loaded(List.copyOf(waiting), names, running);
    }

    /** The spec; null for one that no longer reads (then priority 0 and no demand). */
    private static JobSpec spec(String specJson) {
        try {
            return JobSpecs.parse(specJson);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
