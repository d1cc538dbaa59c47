package io.mesoflow.events;

import com.fasterxml.jackson.annotation.JsonInclude;
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
 * @param windowSeconds  when set, the window in seconds instead of {@code windowHours} (short windows, tests)
 * @param budgetPolicy   what a spent budget does to running GPU jobs; null: {@link BudgetPolicy#DEFAULT}
 * @param preemption     which running jobs this team's waiting jobs may preempt; null: the cluster's policy
 * @param preemptBelowPriority with {@code across-teams}: other teams' jobs may be preempted only below this
 *                       priority; null: the cluster's setting
 */
public record TeamQuotaChanged(String team, Double cpus, Double memMb, Integer gpus, Double gpuHoursBudget,
                               int windowHours, Instant changedAt,
                               @JsonInclude(JsonInclude.Include.NON_NULL) Long windowSeconds,
                               @JsonInclude(JsonInclude.Include.NON_NULL) BudgetPolicy budgetPolicy,
                               @JsonInclude(JsonInclude.Include.NON_NULL) PreemptionScope preemption,
                               @JsonInclude(JsonInclude.Include.NON_NULL) Integer preemptBelowPriority)
        implements MesoflowEvent {
    public TeamQuotaChanged {
        Objects.requireNonNull(team, "team");
        Objects.requireNonNull(changedAt, "changedAt");
    }

    /** A quota without a short window, budget policy or preemption policy of its own. */
    public TeamQuotaChanged(String team, Double cpus, Double memMb, Integer gpus, Double gpuHoursBudget,
                            int windowHours, Instant changedAt) {
        this(team, cpus, memMb, gpus, gpuHoursBudget, windowHours, changedAt, null, null, null, null);
    }

    /** The budget's window: {@code windowSeconds} when set, else {@code windowHours}. */
    public java.time.Duration window() {
        return windowSeconds != null ? java.time.Duration.ofSeconds(windowSeconds)
                : java.time.Duration.ofHours(windowHours);
    }

    @Override
    public String key() {
        return team;
    }
}
