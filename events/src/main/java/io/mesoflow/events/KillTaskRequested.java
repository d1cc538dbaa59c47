package io.mesoflow.events;

import java.util.Objects;

/** Kill one task attempt. Topic {@link Topics#CONTROL}. */
public record KillTaskRequested(String jobId, String taskName, int attempt, String taskId, String agentId,
                                String reason) implements MesoflowEvent {
    public KillTaskRequested {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(taskId, "taskId");
    }

    @Override
    public String key() {
        return jobId;
    }
}
