package io.mesoflow.events;

/**
 * Every event MesoFlow puts on Kafka. The record key is {@link #key()}: the job id for job-scoped
 * events (so one job's events stay ordered in one partition), the agent id for offers, the team
 * for quota changes.
 */
public sealed interface MesoflowEvent
        permits JobSubmitted, JobConfigChanged, JobCancelRequested, TeamQuotaChanged,
                OfferMade, OfferRescinded, TasksPlaced, LaunchRequested, TasksPlacedTogether, LaunchesRequestedTogether,
                TaskStatusChanged,
                JobStatusChanged, TaskUsageRecorded, KillTaskRequested, RelaunchTaskRequested, DeclineOfferRequested,
                JobSubmissionResult, ReviveOffersRequested, SecretResolved,
                SuppressOffersRequested, AuditRecorded, JobProgress, GpuBudgetWarning,
                JobSuspendRequested, JobResumeRequested, JobCommandResult, GpuBudgetThresholdReached {

    /** The Kafka record key and the CloudEvent {@code subject}. */
    String key();

    /** The CloudEvent type, {@code io.mesoflow.<SimpleName>}. */
    default String eventType() {
        return EventTypes.typeOf(getClass());
    }
}
