package io.mesoflow.api.service;

import io.mesoflow.api.model.JobProgressEntity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The read side of progress: latest rows (one query for any number of jobs) and series. */
@ApplicationScoped
public class ProgressQuery {
    @Inject
    ScalarSeries series;

    /** The job's latest progress; null before its first reading. */
    @Transactional
    public JobProgressEntity latest(String jobId) {
        return JobProgressEntity.findById(jobId);
    }

    /** The latest progress of each of the jobs that has one, by job id, in one query. */
    @Transactional
    public Map<String, JobProgressEntity> latest(Collection<String> jobIds) {
        Map<String, JobProgressEntity> byJob = new HashMap<>();
        if (jobIds.isEmpty()) {
            return byJob;
        }
        JobProgressEntity.<JobProgressEntity>list("jobId in ?1", List.copyOf(jobIds))
                .forEach(p -> byJob.put(p.jobId, p));
        return byJob;
    }

    /** Every scalar series of the job, tag to points in step order. */
    @Transactional
    public Map<String, List<ScalarSeries.Point>> series(String jobId) {
        return series.of(jobId);
    }
}
