package io.mesoflow.events;

import java.util.Objects;

/**
 * A team's quota was set. Topic {@link Topics#TEAMS}, keyed by team. Zero means "no limit".
 *
 * @param gpuHoursBudget GPU-hours the team may use in any rolling window of {@code windowHours}
 */
public record TeamQuotaChanged(String team, double cpus, double memMb, int gpus, double gpuHoursBudget,
                               int windowHours) implements MesoflowEvent {
    public TeamQuotaChanged {
        Objects.requireNonNull(team, "team");
    }

    @Override
    public String key() {
        return team;
    }
}
