package io.mesoflow.events;

import java.time.Instant;
import java.util.Objects;

/**
 * A team was created or its quota was set. Topic {@link Topics#TEAMS}, keyed by team. A null
 * limit means "no limit"; zero means "none at all".
 *
 * @param cpus           CPUs the team's running tasks may hold at once
 * @param memMb          memory (MiB) the team's running tasks may hold at once
 * @param gpus           GPUs the team's running tasks may hold at once
 * @param gpuHoursBudget GPU-hours the team may use in any rolling window of {@code windowHours}
 * @param windowHours    the budget's rolling window
 */
public record TeamQuotaChanged(String team, Double cpus, Double memMb, Integer gpus, Double gpuHoursBudget,
                               int windowHours, Instant changedAt) implements MesoflowEvent {
    public TeamQuotaChanged {
        Objects.requireNonNull(team, "team");
        Objects.requireNonNull(changedAt, "changedAt");
    }

    @Override
    public String key() {
        return team;
    }
}
