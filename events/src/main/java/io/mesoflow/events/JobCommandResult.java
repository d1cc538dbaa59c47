package io.mesoflow.events;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The answer to a command on {@link Topics#JOB_COMMANDS} (suspend, resume, cancel). Topic
 * {@link Topics#JOB_COMMAND_RESULTS}, keyed by the command id (the record's key, or
 * {@code <partition>-<offset>} when it had none).
 *
 * @param accepted true when the command was applied (or already had been); false with the reasons
 */
public record JobCommandResult(String commandId, String jobId, String action, boolean accepted,
                               List<JobSubmissionResult.Rejection> errors, Instant answeredAt) implements MesoflowEvent {
    public JobCommandResult {
        Objects.requireNonNull(commandId, "commandId");
        Objects.requireNonNull(answeredAt, "answeredAt");
        errors = errors == null ? List.of() : List.copyOf(errors);
    }

    @Override
    public String key() {
        return commandId;
    }
}
