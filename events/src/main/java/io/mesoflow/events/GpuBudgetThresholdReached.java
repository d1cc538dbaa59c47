package io.mesoflow.events;

import java.time.Instant;
import java.util.Objects;

/**
 * A team has used {@code threshold} (e.g. 0.9) or more of its GPU-hour budget in the window; once
 * per team and crossing (it clears when usage drops back under). Published by job-api on
 * {@link Topics#TEAMS}, keyed by team; shown on the console's teams page and by the CLI.
 *
 * @param policy what happens when the budget is spent ({@code suspend}: running GPU jobs are suspended)
 */
public record GpuBudgetThresholdReached(String team, double budgetGpuHours, double usedGpuHours, double threshold,
                                        BudgetPolicy policy, Instant reachedAt) implements MesoflowEvent {
    public GpuBudgetThresholdReached {
        Objects.requireNonNull(team, "team");
        Objects.requireNonNull(reachedAt, "reachedAt");
    }

    @Override
    public String key() {
        return team;
    }
}
