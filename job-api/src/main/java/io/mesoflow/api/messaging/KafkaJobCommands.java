package io.mesoflow.api.messaging;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.mesoflow.api.auth.Caller;
import io.mesoflow.api.model.JobCommandEntity;
import io.mesoflow.api.model.JobEntity;
import io.mesoflow.api.service.ConflictException;
import io.mesoflow.api.service.JobChanges;
import io.mesoflow.api.service.JobSuspensions;
import io.mesoflow.api.spec.JobCommandParser;
import io.mesoflow.api.spec.SpecValidationException;
import io.mesoflow.events.EventCodec;
import io.mesoflow.events.JobCommandResult;
import io.mesoflow.events.JobSubmissionResult.Rejection;
import io.mesoflow.events.Topics;
import io.mesoflow.service.EventInbox;
import io.mesoflow.service.Outbox;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.NotFoundException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Commands from other systems on {@code mesoflow.job-commands}: raw JSON
 * {@code {"jobId", "team", "action": "suspend|resume|cancel", "reason", "gracePeriodSeconds"}},
 * keyed by a command id (else {@code <partition>-<offset>}). {@code team} must be the job's team
 * (a job of another team answers "no job", as over HTTP). Each command gets one
 * {@link JobCommandResult} on {@code mesoflow.job-command-results}, written with its effect in one
 * transaction; a redelivered command id is answered again with the stored result and not applied
 * twice. A record that is not valid JSON is answered as rejected (field ""), not dead-lettered.
 */
@ApplicationScoped
public class KafkaJobCommands {
    @Inject
    EventInbox inbox;

    @Inject
    JobSuspensions suspensions;

    @Inject
    JobChanges changes;

    @Inject
    Outbox outbox;

    @Incoming("job-commands")
    @Blocking
    public CompletionStage<Void> onCommand(Message<String> message) {
        String commandId = commandId(message);
        return inbox.handleRaw(message, "JobCommand", commandId, () -> handle(commandId, message.getPayload()));
    }

    void handle(String commandId, String payload) {
        if (QuarkusTransaction.requiringNew().call(() -> answerAgain(commandId))) {
            return;
        }
        JobCommandParser.Command command;
        try {
            command = JobCommandParser.command(parse(payload));
        } catch (SpecValidationException e) {
            reject(commandId, null, null, e.errors().stream().map(f -> new Rejection(f.field(), f.reason())).toList());
            return;
        }
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                apply(command);
                answer(commandId, command, true, List.of());
            });
        } catch (NotFoundException e) {
            reject(commandId, command.jobId(), command.action(),
                    List.of(new Rejection("jobId", "no job '" + command.jobId() + "' in team '" + command.team() + "'")));
        } catch (ConflictException e) {
            reject(commandId, command.jobId(), command.action(), List.of(new Rejection("action", e.getMessage())));
        }
    }

    private void apply(JobCommandParser.Command command) {
        JobEntity job = JobEntity.findById(command.jobId());
        if (job == null || !job.team.equals(command.team())) {
            throw new NotFoundException();
        }
        Caller caller = new Caller("kafka", command.team(), false);
        switch (command.action()) {
            case SUSPEND -> suspensions.suspend(job.id, caller, command.reason(), command.gracePeriodSeconds());
            case RESUME -> suspensions.resume(job.id, caller, command.reason());
            case CANCEL -> changes.cancel(job.id, command.reason());
        }
    }

    /** True when the command was answered before: its stored answer goes out again. */
    private boolean answerAgain(String commandId) {
        JobCommandEntity known = JobCommandEntity.findById(commandId);
        if (known == null) {
            return false;
        }
        List<Rejection> errors = EventCodec.mapper().convertValue(EventCodec.fromJson(known.errors, JsonNode.class),
                new TypeReference<List<Rejection>>() {
                });
        outbox.add(Topics.JOB_COMMAND_RESULTS, new JobCommandResult(commandId, known.jobId, known.action,
                known.accepted, errors, Instant.now()));
        return true;
    }

    /** A refusal is answered in a transaction of its own: the command's was rolled back. */
    private void reject(String commandId, String jobId, JobCommandParser.Action action, List<Rejection> errors) {
        QuarkusTransaction.requiringNew().run(() ->
                answer(commandId, new JobCommandParser.Command(jobId, null, action, null, null), false, errors));
    }

    private void answer(String commandId, JobCommandParser.Command command, boolean accepted, List<Rejection> errors) {
        Instant now = Instant.now();
        JobCommandEntity row = new JobCommandEntity();
        row.commandId = commandId;
        row.jobId = command.jobId();
        row.action = command.action() == null ? null : command.action().wireName();
        row.accepted = accepted;
        row.errors = EventCodec.json(errors);
        row.answeredAt = now;
        row.persist();
        outbox.add(Topics.JOB_COMMAND_RESULTS, new JobCommandResult(commandId, row.jobId, row.action, accepted, errors,
                now));
    }

    private static JsonNode parse(String payload) {
        try {
            return EventCodec.mapper().readTree(payload == null ? "" : payload);
        } catch (Exception e) {
            throw new SpecValidationException(List.of(
                    new io.mesoflow.api.spec.FieldError("", "the command is not valid JSON")));
        }
    }

    private static String commandId(Message<String> message) {
        return message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(m -> m.getKey() != null && !String.valueOf(m.getKey()).isBlank() ? String.valueOf(m.getKey())
                        : m.getPartition() + "-" + m.getOffset())
                .orElseGet(() -> "unkeyed-" + System.nanoTime());
    }
}
