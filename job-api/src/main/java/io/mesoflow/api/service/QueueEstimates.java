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
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The whole queue with start ETAs (StartEstimator): every QUEUED job of every team (positions are
 * placement's, across teams) against every job holding resources, with their finish ETAs from the
 * progress rows. Three queries whatever the number of jobs.
 */
@ApplicationScoped
public class QueueEstimates {
    /** States in which a job holds (or is about to hold) its resources. */
    static final List<JobState> HOLDING = List.of(JobState.PLACED, JobState.LAUNCHING, JobState.RUNNING,
            JobState.RESTARTING);

    @Inject
    ProgressQuery progress;

    /** A queued job with its priority and estimate. */
    public record QueuedJob(JobEntity job, int priority, StartEstimator.Estimate estimate) {
    }

    /** Queued jobs in placement's order, by id; {@code visibleTeam} decides which jobs reasons may name. */
    @Transactional
    public Map<String, QueuedJob> estimate(Predicate<String> visibleTeam, Instant now) {
        List<JobEntity> queued = JobEntity.list("state", JobState.QUEUED);
        Map<String, QueuedJob> result = new LinkedHashMap<>();
        if (queued.isEmpty()) {
            return result;
        }
        List<JobEntity> holding = JobEntity.list("state in ?1", HOLDING);
        Map<String, JobProgressEntity> rows = progress.latest(holding.stream().map(j -> j.id).toList());
        Map<String, JobEntity> queuedById = new LinkedHashMap<>();
        Map<String, Integer> priorities = new LinkedHashMap<>();
        List<StartEstimator.Queued> waiting = new ArrayList<>();
        for (JobEntity job : queued) {
            JobSpec spec = spec(job.spec);
            int priority = spec == null ? 0 : spec.priority();
            queuedById.put(job.id, job);
            priorities.put(job.id, priority);
            waiting.add(new StartEstimator.Queued(job.id, job.team, priority, job.submittedAt,
                    spec == null ? Demand.NONE : Demand.of(spec), job.reason));
        }
        List<StartEstimator.Running> running = holding.stream().map(job -> {
            JobProgressEntity row = rows.get(job.id);
            return new StartEstimator.Running(job.id, job.team, JobSpecs.demand(job.spec),
                    row == null ? null : row.finishEta, row == null ? null : row.finishEtaReason);
        }).toList();
        for (StartEstimator.Estimate e : StartEstimator.estimate(waiting, running, now, visibleTeam)) {
            result.put(e.jobId(), new QueuedJob(queuedById.get(e.jobId()), priorities.get(e.jobId()), e));
        }
        return result;
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
