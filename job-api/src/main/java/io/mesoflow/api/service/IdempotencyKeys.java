package io.mesoflow.api.service;

import io.mesoflow.api.audit.AuditKind;
import io.mesoflow.api.audit.AuditLog;
import io.mesoflow.api.model.IdempotencyKeyEntity;
import io.mesoflow.api.model.JobEntity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Idempotency keys: a submission repeated under its key answers the job the key created, so a
 * client (or a redelivered Kafka record) may retry safely. The key with another body is a conflict,
 * and so is another team's key (audited, without saying which job it made). Only the body's SHA-256
 * is kept.
 */
@ApplicationScoped
public class IdempotencyKeys {
    @Inject
    AuditLog audit;

    /** The job an earlier submission under this key created; null when there is no key or it is new. */
    @Transactional
    public JobEntity replay(Submission submission) {
        JobEntity known = find(submission);
        if (known != null && !submission.caller().canAccess(known.team)) {
            audit.recordNow(AuditKind.CROSS_TEAM_REFUSED, submission.caller(), known.team, "job " + known.id,
                    "replay of another team's Idempotency-Key");
            throw new ConflictException("Idempotency-Key '" + submission.idempotencyKey() + "' is taken");
        }
        return known;
    }

    /** After storing failed: the job a concurrent submission under the same key created, if the caller may see it. */
    @Transactional
    public Optional<JobEntity> createdConcurrently(Submission submission) {
        return Optional.ofNullable(find(submission)).filter(job -> submission.caller().canAccess(job.team));
    }

    /** Records that the submission's key created {@code jobId}, in the transaction that stores the job. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void remember(Submission submission, String jobId) {
        if (submission.idempotencyKey() == null) {
            return;
        }
        IdempotencyKeyEntity key = new IdempotencyKeyEntity();
        key.key = submission.idempotencyKey();
        key.jobId = jobId;
        key.bodySha256 = sha256(submission.body());
        key.createdAt = Instant.now();
        key.persist();
    }

    private static JobEntity find(Submission submission) {
        if (submission.idempotencyKey() == null) {
            return null;
        }
        IdempotencyKeyEntity known = IdempotencyKeyEntity.findById(submission.idempotencyKey());
        if (known == null) {
            return null;
        }
        if (!known.bodySha256.equals(sha256(submission.body()))) {
            throw new ConflictException("Idempotency-Key '" + submission.idempotencyKey()
                    + "' was used before with a different body");
        }
        return JobEntity.findById(known.jobId);
    }

    static String sha256(String body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest((body == null ? "" : body).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
