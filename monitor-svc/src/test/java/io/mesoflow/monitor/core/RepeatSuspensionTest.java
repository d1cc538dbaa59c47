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
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Suspend requests for a job monitor has already SUSPENDING or SUSPENDED. */
class RepeatSuspensionTest {
    static final Duration GRACE = Duration.ofSeconds(60);
    static final Suspension BY_JOB_Y = new Suspension(SuspendCause.PREEMPTION, "job-y", null, 0.0, null);
    static final Suspension BY_ALICE = new Suspension(SuspendCause.USER, "alice", null, null, null);

    static JobSuspendRequested request(Suspension suspension, Map<String, Integer> placed) {
        return new JobSuspendRequested("job", suspension, "room for " + suspension.requestedBy(), Instant.EPOCH,
                placed);
    }

    static Map<String, Integer> placedAt(int attempt) {
        return Map.of("chief-0", attempt, "ps-0", attempt, "worker-0", attempt, "worker-1", attempt);
    }

    /** Preempted while every task ran at attempt 0; every task ended: SUSPENDED, fences at 0. */
    static JobRecord preempted() {
        return JobSuspenderTest.suspended();
    }

    static JobRecord preemptedAgain() {
        return JobSuspender.suspend(preempted(), request(BY_JOB_Y, placedAt(1)), Set.of(), SETTINGS).job();
    }

    @Test
    void placementSuspendingTheJobItPlacedAgainFencesThoseAttemptsAndSaysSuspendedAgain() {
        Outcome outcome = JobSuspender.suspend(preempted(), request(BY_JOB_Y, placedAt(1)), Set.of(), SETTINGS);

        assertThat(outcome.job().state()).isEqualTo(JobState.SUSPENDED);
        assertThat(outcome.job().suspension().fences().values()).containsOnly(1);
        Suspension again = new Suspension(SuspendCause.PREEMPTION, "job-y", 30L, 0.0, null);
        assertThat(outcome.actions()).containsExactly(new Action.ChangeJobState(JobState.SUSPENDED,
                "preempted by job job-y: 0.00 GPU-hours since the last checkpoint at risk; 30 s grace to "
                        + "checkpoint; it was placed again and none of its tasks had started", again));
        assertThat(outcome.job().suspension().suspension()).isEqualTo(again);
    }

    @Test
    void aRefusedLaunchOfTheAttemptPlacedAgainNeitherResumesNorRestartsTheJob() {
        Outcome lost = JobSupervisor.onTaskStatus(preemptedAgain(), status("chief-0", 1, TaskState.LOST, null),
                RESTARTS, GRACE);

        assertThat(lost.actions()).isEmpty();
        assertThat(lost.job().state()).isEqualTo(JobState.SUSPENDED);
    }

    @Test
    void theAttemptPlacedAgainIsKilledIfItStartsAndTheNextPlacementResumesTheJob() {
        Outcome started = JobSupervisor.onTaskStatus(preemptedAgain(), status("worker-0", 1, TaskState.RUNNING, null),
                RESTARTS, GRACE);
        assertThat(kills(started, false)).containsExactly("worker-0");
        assertThat(started.job().state()).isEqualTo(JobState.SUSPENDED);

        Outcome resumed = JobSupervisor.onTaskStatus(started.job(), status("chief-0", 2, TaskState.STAGING, null),
                RESTARTS, GRACE);
        assertThat(resumed.job().state()).isEqualTo(JobState.LAUNCHING);
        assertThat(resumed.job().tasks().values()).allSatisfy(t -> assertThat(t.attempt()).isEqualTo(2));
    }

    @Test
    void aJobAUserSuspendedAndResumedThatPlacementPreemptsBeforeItReportedIsSuspendedAgain() {
        JobRecord byAlice = JobSuspender.suspend(JobSuspenderTest.job(JobState.RUNNING,
                JobSuspenderTest.ALL_RUNNING), request(BY_ALICE, null), Set.of(), SETTINGS).job();
        JobRecord suspended = byAlice;
        for (String task : placedAt(0).keySet()) {
            suspended = JobSupervisor.onTaskStatus(suspended, status(task, 0, TaskState.KILLED, 137), RESTARTS, GRACE)
                    .job();
        }
        assertThat(suspended.state()).isEqualTo(JobState.SUSPENDED);

        Outcome outcome = JobSuspender.suspend(suspended, request(BY_JOB_Y, placedAt(1)), Set.of(), SETTINGS);

        assertThat(outcome.job().suspension().suspension().cause()).isEqualTo(SuspendCause.PREEMPTION);
        assertThat(outcome.job().suspension().fences().values()).containsOnly(1);
        assertThat(JobSuspender.suspend(suspended, request(BY_JOB_Y, placedAt(0)), Set.of(), SETTINGS).actions())
                .as("placement's request made before it heard of alice's: the run she suspended").isEmpty();
    }

    @Test
    void aRequestNamingNoAttemptAboveTheFencesChangesNothing() {
        assertThat(JobSuspender.suspend(preempted(), request(PREEMPTED, placedAt(0)), Set.of(), SETTINGS).actions())
                .as("the request that suspended the job, read again").isEmpty();
        assertThat(JobSuspender.suspend(preempted(), request(BY_JOB_Y, null), Set.of(), SETTINGS).actions())
                .as("a placement that names no attempts").isEmpty();
        assertThat(JobSuspender.suspend(preemptedAgain(), request(BY_JOB_Y, placedAt(1)), Set.of(), SETTINGS)
                .actions()).as("the second request read again").isEmpty();
    }

    @Test
    void onlyTheTasksPlacedAboveTheirFencesAreRaised() {
        JobRecord job = preempted();
        Map<String, Integer> placed = new java.util.HashMap<>(placedAt(0));
        placed.put("worker-1", 1);

        Outcome outcome = JobSuspender.suspend(job, request(BY_JOB_Y, placed), Set.of(), SETTINGS);

        assertThat(outcome.job().suspension().fence(io.mesoflow.events.TaskName.parse("worker-1"))).isEqualTo(1);
        assertThat(outcome.job().suspension().fence(io.mesoflow.events.TaskName.parse("worker-0"))).isZero();
    }

    @Test
    void aUsersRequestWhileAPreemptionsGraceRunsMakesTheSuspensionTheUsersWithNoNewKill() {
        JobRecord stopping = JobSuspenderTest.suspending("chief-0=FINISHED");

        Outcome outcome = JobSuspender.suspend(stopping, request(BY_ALICE, null), Set.of(), SETTINGS);

        Suspension alices = new Suspension(SuspendCause.USER, "alice", 30L, 0.123, 600L);
        assertThat(outcome.job().state()).isEqualTo(JobState.SUSPENDING);
        assertThat(outcome.job().suspension().suspension()).as("the grace the tasks were given stays")
                .isEqualTo(alices);
        assertThat(outcome.job().suspension().fences()).isEqualTo(stopping.suspension().fences());
        assertThat(outcome.actions()).hasSize(1).first().isInstanceOfSatisfying(Action.ChangeJobState.class, c -> {
            assertThat(c.state()).isEqualTo(JobState.SUSPENDING);
            assertThat(c.suspension()).isEqualTo(alices);
            assertThat(c.reason()).startsWith("suspended by alice").contains("; its tasks were already stopping "
                    + "(preempted by job job-x");
        });

        JobRecord job = outcome.job();
        for (String task : java.util.List.of("worker-0", "worker-1", "ps-0")) {
            job = JobSupervisor.onTaskStatus(job, status(task, 0, TaskState.KILLED, 137), RESTARTS, GRACE).job();
        }
        assertThat(job.state()).isEqualTo(JobState.SUSPENDED);
        assertThat(job.suspension().suspension().cause()).as("so placement keeps it out of its queue")
                .isEqualTo(SuspendCause.USER);
    }

    @Test
    void aRequestWhileSuspendingThatChangesNoCauseToTheUsersChangesNothing() {
        assertThat(JobSuspender.suspend(JobSuspenderTest.suspending(), request(BY_JOB_Y, null), Set.of(), SETTINGS)
                .actions()).as("preempted while being preempted").isEmpty();
        JobRecord byAlice = JobSuspender.suspend(JobSuspenderTest.job(JobState.RUNNING, JobSuspenderTest.ALL_RUNNING),
                request(BY_ALICE, null), Set.of(), SETTINGS).job();
        assertThat(byAlice.state()).isEqualTo(JobState.SUSPENDING);
        assertThat(JobSuspender.suspend(byAlice, request(BY_JOB_Y, placedAt(0)), Set.of(), SETTINGS).actions())
                .as("a preemption of a job its user is suspending").isEmpty();
        assertThat(JobSuspender.suspend(byAlice, request(BY_ALICE, null), Set.of(), SETTINGS).actions())
                .as("the user's request read again").isEmpty();
    }
}
