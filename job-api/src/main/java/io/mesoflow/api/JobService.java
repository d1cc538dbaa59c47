package io.mesoflow.api;

import io.mesoflow.api.model.IdempotencyKeyEntity;
import io.mesoflow.api.model.JobEntity;
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
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;

/** Accepts jobs: stores the job and its first revision and emits JobSubmitted in one transaction. */
@ApplicationScoped
public class JobService {
    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    Outbox outbox;

    @Inject
    MeterRegistry metrics;

    /** A readable, unique job id: the job name (shortened) and 8 random hex digits. */
    public static String newJobId(String name) {
        String slug = name == null ? "job" : name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
        if (slug.length() > 40) {
            slug = slug.substring(0, 40);
        }
        byte[] bytes = new byte[4];
        RANDOM.nextBytes(bytes);
        return slug + "-" + HexFormat.of().formatHex(bytes);
    }

    /** A submission repeated with the same Idempotency-Key: the job it created, or null for a new key. */
    @Transactional
    public JobEntity replay(String idempotencyKey, String body) {
        if (idempotencyKey == null) {
            return null;
        }
        IdempotencyKeyEntity known = IdempotencyKeyEntity.findById(idempotencyKey);
        if (known == null) {
            return null;
        }
        if (!known.bodySha256.equals(sha256(body))) {
            throw new JobChanges.ConflictException("Idempotency-Key '" + idempotencyKey
                    + "' was used before with a different body");
        }
        return JobEntity.findById(known.jobId);
    }

    @Transactional
    public JobEntity submit(String jobId, JobSpec spec, String request, String idempotencyKey, String body) {
        JobEntity job = submit(jobId, spec, request);
        if (idempotencyKey != null) {
            IdempotencyKeyEntity key = new IdempotencyKeyEntity();
            key.key = idempotencyKey;
            key.jobId = jobId;
            key.bodySha256 = sha256(body);
            key.createdAt = Instant.now();
            key.persist();
        }
        return job;
    }

    static String sha256(String body) {
        try {
            return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest((body == null ? "" : body).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Stores a new job. The spec's team must exist (a 400 naming {@code team} otherwise). */
    @Transactional
    public JobEntity submit(String jobId, JobSpec spec, String request) {
        if (io.mesoflow.api.model.TeamEntity.findById(spec.team()) == null) {
            throw new io.mesoflow.api.spec.SpecValidationException(java.util.List.of(
                    new io.mesoflow.api.spec.FieldError("team", "no team '" + spec.team()
                            + "'; an admin creates it with PUT /api/v1/teams/" + spec.team())));
        }
        Instant now = Instant.now();
        String specJson = EventCodec.json(spec);
        JobEntity job = new JobEntity();
        job.id = jobId;
        job.name = spec.name();
        job.team = spec.team();
        job.state = JobState.SUBMITTED;
        job.revision = 1;
        job.spec = specJson;
        job.request = request;
        job.outputDir = spec.outputDir();
        job.submittedAt = now;
        job.updatedAt = now;
        job.persist();
        JobRevisionEntity revision = new JobRevisionEntity();
        revision.jobId = jobId;
        revision.revision = 1;
        revision.spec = specJson;
        revision.request = request;
        revision.createdAt = now;
        revision.persist();
        outbox.add(Topics.JOBS, new JobSubmitted(jobId, 1, spec, now));
        io.mesoflow.api.model.JobEventEntity.record(jobId, now, "JOB", null, null, "SUBMITTED", "revision 1");
        metrics.counter("mesoflow.jobs.submitted", "team", spec.team()).increment();
        return job;
    }
}
