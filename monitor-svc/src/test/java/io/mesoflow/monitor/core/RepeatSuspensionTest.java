package io.mesoflow.monitor.core;

import static io.mesoflow.monitor.core.JobSuspenderTest.PREEMPTED;
import static io.mesoflow.monitor.core.JobSuspenderTest.RESTARTS;
import static io.mesoflow.monitor.core.JobSuspenderTest.SETTINGS;
import static io.mesoflow.monitor.core.JobSuspenderTest.kills;
import static io.mesoflow.monitor.core.JobSuspenderTest.status;
import static org.assertj.core.api.Assertions.assertThat;

import io.mesoflow.events.JobState;
import io.mesoflow.events.JobSuspendRequested;
import io.mesoflow.events.SuspendCause;
import io.mesoflow.events.Suspension;
import io.mesoflow.events.TaskState;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Suspend requests for a job already SUSPENDED to resume by itself (preempted; placement re-queued it). */
class RepeatSuspensionTest {
    static final Duration GRACE = Duration.ofSeconds(60);
    static final Suspension BY_JOB_Y = new Suspension(SuspendCause.PREEMPTION, "job-y", null, 0.0, null);

    static JobSuspendRequested request(Suspension suspension, Instant at) {
        return new JobSuspendRequested("job", suspension, "room for " + suspension.requestedBy(), at);
    }

    /** Preempted at t=0 (its request's time) while every task ran; every task ended: SUSPENDED, fences at 0. */
    static JobRecord preempted() {
        return JobSuspenderTest.suspended();
    }

    @Test
    void placementSuspendingTheJobItPlacedAgainFencesThoseAttemptsAndSaysSuspendedAgain() {
        Outcome outcome = JobSuspender.suspend(preempted(), request(BY_JOB_Y, Instant.EPOCH.plusSeconds(4)), Set.of(),
                SETTINGS);

        assertThat(outcome.job().state()).isEqualTo(JobState.SUSPENDED);
        assertThat(outcome.job().suspension().fences().values()).as("placement placed attempt 1 of every task")
                .containsOnly(1);
        Suspension again = new Suspension(SuspendCause.PREEMPTION, "job-y", 30L, 0.0, null);
        assertThat(outcome.actions()).containsExactly(new Action.ChangeJobState(JobState.SUSPENDED,
                "preempted by job job-y: 0.00 GPU-hours since the last checkpoint at risk; 30 s grace to "
                        + "checkpoint; it was placed again and none of its tasks had started", again));
        assertThat(outcome.job().suspension().requestedAt()).isEqualTo(Instant.EPOCH.plusSeconds(4));
    }

    @Test
    void aRefusedLaunchOfTheAttemptPlacedAgainNeitherResumesNorRestartsTheJob() {
        JobRecord job = JobSuspender.suspend(preempted(), request(BY_JOB_Y, Instant.EPOCH.plusSeconds(4)), Set.of(),
                SETTINGS).job();

        Outcome lost = JobSupervisor.onTaskStatus(job, status("chief-0", 1, TaskState.LOST, null), RESTARTS, GRACE);

        assertThat(lost.actions()).isEmpty();
        assertThat(lost.job().state()).isEqualTo(JobState.SUSPENDED);
    }

    @Test
    void theAttemptPlacedAgainIsKilledIfItStartsAndTheNextPlacementResumesTheJob() {
        JobRecord job = JobSuspender.suspend(preempted(), request(BY_JOB_Y, Instant.EPOCH.plusSeconds(4)), Set.of(),
                SETTINGS).job();

        Outcome started = JobSupervisor.onTaskStatus(job, status("worker-0", 1, TaskState.RUNNING, null), RESTARTS,
                GRACE);
        assertThat(kills(started, false)).containsExactly("worker-0");
        assertThat(started.job().state()).isEqualTo(JobState.SUSPENDED);

        Outcome resumed = JobSupervisor.onTaskStatus(started.job(), status("chief-0", 2, TaskState.STAGING, null),
                RESTARTS, GRACE);
        assertThat(resumed.job().state()).isEqualTo(JobState.LAUNCHING);
        assertThat(resumed.job().tasks().values()).allSatisfy(t -> assertThat(t.attempt()).isEqualTo(2));
    }

    @Test
    void theRequestThatSuspendedTheJobReadAgainChangesNothing() {
        JobRecord suspendedAtNanos = JobSuspender.suspend(JobSuspenderTest.job(JobState.SUBMITTED),
                request(PREEMPTED, Instant.EPOCH.plusNanos(1_500)), Set.of(), SETTINGS).job();

        Outcome again = JobSuspender.suspend(suspendedAtNanos, request(PREEMPTED, Instant.EPOCH.plusNanos(1_500)),
                Set.of(), SETTINGS);

        assertThat(again.actions()).as("kept to the microsecond, as the database keeps it").isEmpty();
        assertThat(again.job()).isEqualTo(suspendedAtNanos);
        assertThat(JobSuspender.suspend(preempted(), request(BY_JOB_Y, Instant.EPOCH.minusSeconds(1)), Set.of(),
                SETTINGS).actions()).as("an older request").isEmpty();
    }

    @Test
    void aJobSuspendedBeforeItsRequestTimeWasKeptIsLeftAlone() {
        JobRecord job = preempted();
        job = job.withSuspension(new SuspensionRecord(job.suspension().suspension(), job.suspension().description(),
                job.suspension().fences(), null));

        assertThat(JobSuspender.suspend(job, request(BY_JOB_Y, Instant.EPOCH.plusSeconds(4)), Set.of(), SETTINGS)
                .actions()).isEmpty();
    }

    @Test
    void aUserSuspendingAJobAUserSuspendedIsLeftAlone() {
        Suspension byAlice = new Suspension(SuspendCause.USER, "alice", null, null, null);
        JobRecord byUser = JobSuspender.suspend(preempted(), request(byAlice, Instant.EPOCH.plusSeconds(1)), Set.of(),
                SETTINGS).job();

        assertThat(JobSuspender.suspend(byUser, request(BY_JOB_Y, Instant.EPOCH.plusSeconds(4)), Set.of(), SETTINGS)
                .actions()).as("placement does not place a job a user suspended").isEmpty();
    }
}
