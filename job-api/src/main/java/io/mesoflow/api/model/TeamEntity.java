package io.mesoflow.api.model;

import io.mesoflow.events.TeamQuotaChanged;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import io.mesoflow.events.BudgetPolicy;
import java.time.Duration;
import java.time.Instant;

/** A team and its quota (null limits: none). Never leaves the service: the API answers with TeamView. */
@Entity
@Table(name = "teams")
public class TeamEntity extends PanacheEntityBase {
    @Id
    public String name;
    public Double cpus;
    @Column(name = "mem_mb")
    public Double memMb;
    public Integer gpus;
    @Column(name = "gpu_hours_budget")
    public Double gpuHoursBudget;
    @Column(name = "window_hours")
    public int windowHours;
    /** When set, the budget's window in seconds instead of {@code windowHours}. */
    @Column(name = "window_seconds")
    public Long windowSeconds;
    /** {@code suspend} or {@code finish-running}; null: the default ({@code finish-running}). */
    @Column(name = "budget_policy")
    public String budgetPolicy;
    /** {@code never}, {@code within-team} or {@code across-teams}; null: the cluster's policy. */
    public String preemption;
    @Column(name = "preempt_below_priority")
    public Integer preemptBelowPriority;
    /** When the team's usage last crossed the budget's warning threshold; null while under it. */
    @Column(name = "budget_threshold_reached_at")
    public Instant budgetThresholdReachedAt;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;

    /** The budget's window: {@code windowSeconds} when set, else {@code windowHours}. */
    public Duration window() {
        return windowSeconds != null ? Duration.ofSeconds(windowSeconds) : Duration.ofHours(windowHours);
    }

    /** The budget policy in force. */
    public BudgetPolicy policy() {
        return budgetPolicy == null ? BudgetPolicy.DEFAULT : BudgetPolicy.fromWireName(budgetPolicy);
    }

    /** Takes the change's limits; it is the team's latest update. */
    public void apply(TeamQuotaChanged change) {
        cpus = change.cpus();
        memMb = change.memMb();
        gpus = change.gpus();
        gpuHoursBudget = change.gpuHoursBudget();
        windowHours = change.windowHours();
        windowSeconds = change.windowSeconds();
        budgetPolicy = change.budgetPolicy() == null ? null : change.budgetPolicy().wireName();
        preemption = change.preemption() == null ? null : change.preemption().wireName();
        preemptBelowPriority = change.preemptBelowPriority();
        updatedAt = change.changedAt();
    }
}
