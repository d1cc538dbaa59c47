package io.mesoflow.api.messaging;

import io.mesoflow.api.auth.Caller;
import io.mesoflow.api.limits.RateLimitedException;
import io.mesoflow.api.service.ConflictException;
import io.mesoflow.api.service.JobIntake;
import io.mesoflow.api.service.Submission;
import io.mesoflow.api.service.UnreadableSpecException;
import io.mesoflow.api.spec.SpecValidationException;
import io.mesoflow.events.JobSubmissionResult;
import io.mesoflow.events.Topics;
import io.mesoflow.service.EventInbox;
import io.mesoflow.service.Outbox;
import io.mesoflow.service.RejectedEventException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Jobs submitted on {@code mesoflow.job-submissions}: the record value is the same JSON spec the
 * HTTP API takes, validated the same way. Each gets one answer on
 * {@code mesoflow.job-submission-results}, written in the transaction that stores the job. The
 * submission id (the record key, else {@code <partition>-<offset>}) is an idempotency key, so a
 * redelivered record answers with the job it already created. A record that is not a JSON object
 * goes to the dead-letter topic. Who may produce to the topic may submit for any team (Kafka ACLs
 * guard it); the team named in the spec must exist. The team's submission rate limit applies as
 * over HTTP: a submission over it is rejected ("rate limited: ...", field "") and not retried.
 */
@ApplicationScoped
public class KafkaSubmissions {
    @Inject
    EventInbox inbox;

    @Inject
    JobIntake intake;

    @Inject
    Outbox outbox;

    @Incoming("job-submissions")
    @Blocking
    public CompletionStage<Void> onSubmission(Message<String> message) {
        String submissionId = submissionId(message);
        return inbox.handleRaw(message, "JobSubmission", submissionId, () -> handle(submissionId, message.getPayload()));
    }

    void handle(String submissionId, String payload) {
        Submission submission = new Submission(payload, Caller.kafka(), "kafka:" + submissionId);
        try {
            QuarkusTransaction.requiringNew().run(() ->
                    answer(submissionId, intake.submit(submission).job().id, List.of()));
        } catch (UnreadableSpecException e) {
            throw new RejectedEventException("submission " + submissionId + " is not a JSON object");
        } catch (SpecValidationException e) {
            reject(submissionId, e.errors().stream()
                    .map(f -> new JobSubmissionResult.Rejection(f.field(), f.reason())).toList());
        } catch (RateLimitedException | ConflictException e) {
            reject(submissionId, List.of(new JobSubmissionResult.Rejection("", e.getMessage())));
        }
    }

    /** A refusal is answered in a transaction of its own: the submission's was rolled back. */
    private void reject(String submissionId, List<JobSubmissionResult.Rejection> errors) {
        QuarkusTransaction.requiringNew().run(() -> answer(submissionId, null, errors));
    }

    private void answer(String submissionId, String jobId, List<JobSubmissionResult.Rejection> errors) {
        outbox.add(Topics.JOB_SUBMISSION_RESULTS,
                new JobSubmissionResult(submissionId, jobId != null, jobId, errors, Instant.now()));
    }

    private static String submissionId(Message<String> message) {
        return message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(m -> m.getKey() != null && !String.valueOf(m.getKey()).isBlank() ? String.valueOf(m.getKey())
                        : m.getPartition() + "-" + m.getOffset())
                .orElseGet(() -> "unkeyed-" + System.nanoTime());
    }
}
