package io.mesoflow.placement.model;

import io.mesoflow.events.TeamQuotaChanged;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A team's quota as placement last heard it (TeamQuotaChanged); null limits: none. */
@Entity
@Table(name = "team_quotas")
public class TeamQuotaEntity extends PanacheEntityBase {
    @Id
    public String team;
    public Double cpus;
    @Column(name = "mem_mb")
    public Double memMb;
    public Integer gpus;
    @Column(name = "gpu_hours_budget")
    public Double gpuHoursBudget;
    @Column(name = "window_hours")
    public int windowHours;
    @Column(name = "changed_at")
    public Instant changedAt;
    @Column(name = "window_seconds")
    public Long windowSeconds;
    /** BudgetPolicy wire name; null: the default. */
    @Column(name = "budget_policy")
    public String budgetPolicy;
    /** PreemptionScope wire name; null: the cluster's. */
    public String preemption;
    @Column(name = "preempt_below_priority")
    public Integer preemptBelowPriority;

    /** Takes the change's limits and time. */
    public void apply(TeamQuotaChanged change) {
        cpus = change.cpus();
        memMb = change.memMb();
        gpus = change.gpus();
        gpuHoursBudget = change.gpuHoursBudget();
        windowHours = change.windowHours();
        changedAt = change.changedAt();
        windowSeconds = change.windowSeconds();
        budgetPolicy = change.budgetPolicy() == null ? null : change.budgetPolicy().wireName();
        preemption = change.preemption() == null ? null : change.preemption().wireName();
        preemptBelowPriority = change.preemptBelowPriority();
    }

    /** The budget's window: {@code windowSeconds} when set, else {@code windowHours}. */
    public java.time.Duration window() {
        return windowSeconds != null ? java.time.Duration.ofSeconds(windowSeconds)
                : java.time.Duration.ofHours(windowHours);
    }
}
