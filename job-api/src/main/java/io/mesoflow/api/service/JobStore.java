package io.mesoflow.api.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mesoflow.api.model.JobEntity;
import io.mesoflow.api.model.JobEventEntity;
import io.mesoflow.api.model.JobRevisionEntity;
import io.mesoflow.events.EventCodec;
import io.mesoflow.events.JobSpec;
import io.mesoflow.events.JobState;
import io.mesoflow.events.JobSubmitted;
import io.mesoflow.events.Topics;
import io.mesoflow.service.Outbox;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;

/**
 * Stores an accepted job: the job, its first revision, its idempotency key and {@code JobSubmitted}
 * in one transaction, so the job exists for every service or for none. Decides nothing: the intake
 * has checked the spec.
 */
@ApplicationScoped
public class JobStore {
    @Inject
    Outbox outbox;

    @Inject
    IdempotencyKeys keys;

    @Inject
    MeterRegistry metrics;

    /** @param request the spec as submitted (the caller's team filled in): live config changes patch it */
    @Transactional
    public JobEntity create(String jobId, JobSpec spec, ObjectNode request, Submission submission) {
        Instant now = Instant.now();
        String specJson = EventCodec.json(spec);
        String requestJson = request.toString();
        JobEntity job = new JobEntity();
        job.id = jobId;
        job.name = spec.name();
        job.team = spec.team();
        job.state = JobState.SUBMITTED;
        job.revision = 1;
        job.spec = specJson;
        job.request = requestJson;
        job.outputDir = spec.outputDir();
        job.submittedAt = now;
        job.updatedAt = now;
        job.persist();
        JobRevisionEntity revision = new JobRevisionEntity();
        revision.jobId = jobId;
        revision.revision = 1;
        revision.spec = specJson;
        revision.request = requestJson;
        revision.createdAt = now;
        revision.persist();
        keys.remember(submission, jobId);
        outbox.add(Topics.JOBS, new JobSubmitted(jobId, 1, spec, now));
        JobEventEntity.record(jobId, now, "JOB", null, null, "SUBMITTED", "revision 1");
        metrics.counter("mesoflow.jobs.submitted", "team", spec.team()).increment();
        return job;
    }
}
