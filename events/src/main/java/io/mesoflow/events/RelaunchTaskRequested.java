package io.mesoflow.events;

import java.util.Objects;

/**
 * Place a task again as attempt {@code attempt} of spec revision {@code revision} (at least),
 * preferably on {@code preferredAgentId} with the same ports. A task never placed before (added by
 * a config change) is placed anywhere. Topic {@link Topics#CONTROL}.
 */
public record RelaunchTaskRequested(String jobId, String taskName, int attempt, int revision, String preferredAgentId,
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
