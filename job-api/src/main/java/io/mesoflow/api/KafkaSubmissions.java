package io.mesoflow.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.mesoflow.api.auth.Caller;
import io.mesoflow.api.limits.RateLimitedException;
import io.mesoflow.api.spec.SpecValidationException;
import io.mesoflow.events.EventCodec;
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
        JsonNode spec;
        try {
            spec = EventCodec.mapper().readTree(payload == null ? "" : payload);
        } catch (Exception e) {
            spec = null;
        }
        if (spec == null || !spec.isObject()) {
            throw new RejectedEventException("submission " + submissionId + " is not a JSON object");
        }
        JsonNode request = spec;
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                JobIntake.Outcome outcome = intake.submit(request, Caller.kafka(), "kafka:" + submissionId, payload);
                answer(submissionId, outcome.job().id, List.of());
            });
        } catch (SpecValidationException e) {
            QuarkusTransaction.requiringNew().run(() -> answer(submissionId, null, e.errors().stream()
                    .map(f -> new JobSubmissionResult.Rejection(f.field(), f.reason())).toList()));
        } catch (RateLimitedException e) {
            QuarkusTransaction.requiringNew().run(() -> answer(submissionId, null,
                    List.of(new JobSubmissionResult.Rejection("", e.getMessage()))));
        } catch (JobChanges.ConflictException e) {
            QuarkusTransaction.requiringNew().run(() -> answer(submissionId, null,
                    List.of(new JobSubmissionResult.Rejection("", e.getMessage()))));
        }
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
