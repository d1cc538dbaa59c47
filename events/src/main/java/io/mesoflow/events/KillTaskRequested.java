package io.mesoflow.events;

import java.util.Objects;

/**
 * Kill one task attempt. Topic {@link Topics#CONTROL}. SIGTERM first, SIGKILL after the grace
 * period (Mesos: {@code KILL} with {@code kill_policy.grace_period}).
 *
 * @param gracePeriodSeconds SIGTERM to SIGKILL; null: the backend's default
 * @param preemptionNotice   non-null on a suspension: the backend writes it to the task's notice file
 *                           ({@code $MESOFLOW_PREEMPTION_NOTICE}) before the SIGTERM, so the task can
 *                           checkpoint; null for a plain kill
 */
public record KillTaskRequested(String jobId, String taskName, int attempt, String taskId, String agentId,
                                String reason,
                                @com.fasterxml.jackson.annotation.JsonInclude(
                                        com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
                                Long gracePeriodSeconds,
                                @com.fasterxml.jackson.annotation.JsonInclude(
                                        com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
                                String preemptionNotice) implements MesoflowEvent {
    public KillTaskRequested {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(taskId, "taskId");
    }

    /** A plain kill with the backend's grace period. */
    public KillTaskRequested(String jobId, String taskName, int attempt, String taskId, String agentId, String reason) {
        this(jobId, taskName, attempt, taskId, agentId, reason, null, null);
    }

    @Override
    public String key() {
        return jobId;
    }
}
