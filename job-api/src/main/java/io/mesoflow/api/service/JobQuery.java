package io.mesoflow.api.service;

import io.mesoflow.api.model.JobEntity;
import io.mesoflow.api.model.JobEventEntity;
import io.mesoflow.api.model.JobRevisionEntity;
import io.mesoflow.api.model.TaskAttemptEntity;
import io.mesoflow.api.model.TaskTfConfigEntity;
import io.mesoflow.events.TaskName;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The read side of jobs: what the API shows of a job, its attempts, revisions and timeline, and
 * job listings. Whether the caller may see the job is the caller's check, made before.
 */
@ApplicationScoped
public class JobQuery {
    @Inject
    JobListing listing;

    /** The job with the latest attempt of each task and its usage so far. */
    @Transactional
    public JobDetails details(JobEntity job) {
        List<AttemptDetails> attempts = attempts(job.id);
        Map<String, AttemptDetails> latest = new LinkedHashMap<>();
        attempts.forEach(a -> latest.merge(a.attempt().taskName, a,
                (x, y) -> x.attempt().attempt >= y.attempt().attempt ? x : y));
        List<AttemptDetails> byTask = latest.values().stream()
                .sorted(Comparator.comparing(a -> TaskName.parse(a.attempt().taskName)))
                .toList();
        List<TaskAttemptEntity> rows = attempts.stream().map(AttemptDetails::attempt).toList();
        double cpuSeconds = rows.stream().mapToDouble(a -> a.cpuSeconds == null ? 0 : a.cpuSeconds).sum();
        double gpuSeconds = rows.stream().mapToDouble(a -> a.gpuSeconds == null ? 0 : a.gpuSeconds).sum();
        Instant firstStart = rows.stream().map(a -> a.startedAt).filter(Objects::nonNull)
                .min(Comparator.naturalOrder()).orElse(null);
        return new JobDetails(job, byTask, cpuSeconds / 3600, gpuSeconds / 3600, firstStart);
    }

    /** Every attempt of every task, by task name and attempt, with its TF_CONFIG. */
    @Transactional
    public List<AttemptDetails> attempts(String jobId) {
        Map<String, String> tfConfigs = new HashMap<>();
        TaskTfConfigEntity.<TaskTfConfigEntity>list("jobId", jobId)
                .forEach(c -> tfConfigs.put(c.taskName + "/" + c.attempt, c.tfConfig));
        return TaskAttemptEntity.<TaskAttemptEntity>list("jobId", Sort.by("taskName").and("attempt"), jobId).stream()
                .map(a -> new AttemptDetails(a, tfConfigs.get(a.taskName + "/" + a.attempt)))
                .toList();
    }

    /** The job's spec revisions, oldest first. */
    @Transactional
    public List<JobRevisionEntity> revisions(String jobId) {
        return JobRevisionEntity.list("jobId", Sort.by("revision"), jobId);
    }

    /** The job's timeline, in the order it was recorded. */
    @Transactional
    public List<JobEventEntity> timeline(String jobId) {
        return JobEventEntity.list("jobId", Sort.by("id"), jobId);
    }

    /** A page of jobs, newest first; an {@link IllegalArgumentException} for a cursor this API did not give out. */
    @Transactional
    public JobListing.Page list(JobListing.Filter filter, String cursor, int limit) {
        return listing.list(filter, cursor, limit);
    }
}
