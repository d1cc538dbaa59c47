package io.mesoflow.api.model;

import io.mesoflow.events.TeamQuotaChanged;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
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
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;

    /** Takes the change's limits; it is the team's latest update. */
    public void apply(TeamQuotaChanged change) {
        cpus = change.cpus();
        memMb = change.memMb();
        gpus = change.gpus();
        gpuHoursBudget = change.gpuHoursBudget();
        windowHours = change.windowHours();
        updatedAt = change.changedAt();
    }
}
