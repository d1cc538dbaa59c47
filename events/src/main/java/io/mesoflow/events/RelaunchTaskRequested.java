package io.mesoflow.events;

import java.util.Objects;

/**
 * Place a task again as attempt {@code attempt}, preferably on {@code preferredAgentId} with the
 * same ports. Topic {@link Topics#CONTROL}.
 */
public record RelaunchTaskRequested(String jobId, String taskName, int attempt, String preferredAgentId,
                                    String reason) implements MesoflowEvent {
    public RelaunchTaskRequested {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(taskName, "taskName");
    }

    @Override
    public String key() {
        return jobId;
    }
}
