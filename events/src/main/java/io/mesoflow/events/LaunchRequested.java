package io.mesoflow.events;

import java.util.List;
import java.util.Objects;

/**
 * secrets-svc resolved a placement's secrets; the launcher may launch. Topic {@link Topics#LAUNCHES}.
 */
public record LaunchRequested(String jobId, int revision, List<TaskPlacement> tasks, List<SealedSecret> secrets)
        implements MesoflowEvent {
    public LaunchRequested {
        Objects.requireNonNull(jobId, "jobId");
        tasks = tasks == null ? List.of() : List.copyOf(tasks);
        secrets = secrets == null ? List.of() : List.copyOf(secrets);
    }

    @Override
    public String key() {
        return jobId;
    }
}
