package io.mesoflow.monitor.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesoflow.events.JobSpec;
import io.mesoflow.events.JobState;
import io.mesoflow.events.JobSuspendRequested;
import io.mesoflow.events.RestartPolicy;
import io.mesoflow.events.Role;
import io.mesoflow.events.SuspendCause;
import io.mesoflow.events.Suspension;
import io.mesoflow.events.TaskLayout;
import io.mesoflow.events.TaskName;
import io.mesoflow.events.TaskState;
import io.mesoflow.events.TaskStatusChanged;
import io.mesoflow.testing.JobSpecs;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class JobSuspenderTest {
    static final RestartSettings RESTARTS = RestartSettings.fixed(Duration.ofSeconds(1), Duration.ofSeconds(60));
    static final SuspendSettings SETTINGS = new SuspendSettings(Duration.ofSeconds(30), Duration.ofSeconds(60));
    static final Suspension PREEMPTED = new Suspension(SuspendCause.PREEMPTION, "job-x", null, 0.123, 600L);
    static final String PREEMPTED_REASON = "preempted by job job-x: 0.12 GPU-hours since the last checkpoint "
            + "(step 600) at risk; 30 s grace to checkpoint";
    static final String[] ALL_RUNNING = {"chief-0=RUNNING", "ps-0=RUNNING", "worker-0=RUNNING", "worker-1=RUNNING"};

    static JobSpec spec(Long graceSeconds) {
        JobSpec spec = JobSpecs.builder().activeDeadlineSeconds(3600L)
                .role(Role.CHIEF, JobSpecs.role(1).restartPolicy(RestartPolicy.ON_FAILURE))
                .role(Role.PS, JobSpecs.role(1).restartPolicy(RestartPolicy.ON_FAILURE))
                .role(Role.WORKER, JobSpecs.role(2).restartPolicy(RestartPolicy.ON_FAILURE)).build();
        return new JobSpec(spec.name(), spec.team(), spec.priority(), spec.artifactUrl(), spec.entryPoint(),
                spec.context(), spec.outputDir(), spec.roles(), spec.secrets(), spec.labels(), spec.successPolicy(),
                spec.failurePolicy(), spec.backoffLimit(), spec.activeDeadlineSeconds(), spec.tensorboard(),
                null, null, null, graceSeconds);
    }

    /** A job whose tasks are at attempt 0 in the given states ("worker-0=RUNNING", ...). */
    static JobRecord job(JobState state, String... taskStates) {
        return JobSupervisorTest.job(spec(null), state, taskStates);
    }

    static JobSuspendRequested request(Suspension suspension) {
        return new JobSuspendRequested("job", suspension, "room for job-x", Instant.EPOCH);
    }

    /** A running job that got the notice: SUSPENDING, every task's fence at attempt 0. */
    static JobRecord suspending(String... taskStates) {
        JobRecord job = JobSuspender.suspend(job(JobState.RUNNING, ALL_RUNNING), request(PREEMPTED), Set.of(),
                SETTINGS).job();
        for (String s : taskStates) {
            String[] kv = s.split("=");
            TaskRecord task = job.tasks().get(TaskName.parse(kv[0]));
            job = job.withTask(task.with(TaskState.valueOf(kv[1]), null, null));
        }
        return job;
    }

    static JobRecord suspended() {
        JobRecord job = suspending("chief-0=FINISHED", "ps-0=KILLED", "worker-0=KILLED", "worker-1=KILLED");
        return job.withState(JobState.SUSPENDED);
    }

    static TaskStatusChanged status(String task, int attempt, TaskState state, Integer exit) {
        return TaskStatusChanged.of("job", TaskName.parse(task), attempt, state).withExitCode(exit)
                .onAgent("agent-2", "h2", List.of(2222)).at(Instant.EPOCH);
    }

    static List<String> kills(Outcome outcome, boolean withNotice) {
        return outcome.actions().stream()
                .filter(a -> a instanceof Action.Kill k && (k.preemptionNotice() != null) == withNotice)
                .map(a -> ((Action.Kill) a).task().name().toString()).toList();
    }

    static List<JobState> states(Outcome outcome) {
        return outcome.actions().stream().filter(a -> a instanceof Action.ChangeJobState)
                .map(a -> ((Action.ChangeJobState) a).state()).toList();
    }

    @Test
    void aRunningJobGetsTheNoticeOnEveryTaskButTheParameterServers() {
        Outcome outcome = JobSuspender.suspend(job(JobState.RUNNING, ALL_RUNNING), request(PREEMPTED), Set.of(),
                SETTINGS);

        assertThat(outcome.job().state()).isEqualTo(JobState.SUSPENDING);
        assertThat(kills(outcome, true)).containsExactly("chief-0", "worker-0", "worker-1");
        assertThat(kills(outcome, false)).isEmpty();
        assertThat(outcome.actions()).contains(new Action.Kill(outcome.job().tasks().get(TaskName.parse("chief-0")),
                "suspending: " + PREEMPTED_REASON, 30L, PREEMPTED_REASON));
        assertThat(outcome.actions()).contains(new Action.ResendKillsAfter(Duration.ofSeconds(90)),
                new Action.ChangeJobState(JobState.SUSPENDING, PREEMPTED_REASON,
                        new Suspension(SuspendCause.PREEMPTION, "job-x", 30L, 0.123, 600L)));
        assertThat(outcome.job().suspension().fences()).containsOnlyKeys(TaskLayout.tasksOf(spec(null)))
                .allSatisfy((task, fence) -> assertThat(fence).isZero());
    }

    static Stream<Arguments> notSuspended() {
        return Stream.of(
                Arguments.of("a succeeded job", job(JobState.SUCCEEDED, "chief-0=FINISHED")),
                Arguments.of("a cancelled job", job(JobState.CANCELLED)),
                Arguments.of("a job already suspending", suspending()),
                Arguments.of("a job already suspended", suspended()),
                Arguments.of("a job whose training finished (awaiting its evaluator)",
                        job(JobState.RUNNING, ALL_RUNNING).withAwaitingEvaluator(true)));
    }

    @ParameterizedTest(name = "{0} is left alone")
    @MethodSource("notSuspended")
    void someJobsAreNotSuspended(String name, JobRecord job) {
        Outcome outcome = JobSuspender.suspend(job, request(PREEMPTED), Set.of(), SETTINGS);

        assertThat(outcome.actions()).isEmpty();
        assertThat(outcome.job()).isEqualTo(job);
    }

    static Stream<Arguments> gracePeriods() {
        Suspension own = new Suspension(SuspendCause.USER, "alice", 5L, null, null);
        Suspension none = new Suspension(SuspendCause.USER, "alice", null, null, null);
        return Stream.of(
                Arguments.of("the request's grace comes first", own, 120L, 5L),
                Arguments.of("else the job's own", none, 120L, 120L),
                Arguments.of("else the configured default", none, null, 30L),
                Arguments.of("zero is kept (SIGKILL right after SIGTERM)",
                        new Suspension(SuspendCause.USER, "alice", 0L, null, null), 120L, 0L));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("gracePeriods")
    void theGracePeriodIsTheRequestsElseTheJobsElseTheDefault(String name, Suspension asked, Long jobGrace,
                                                              long expected) {
        JobRecord job = JobSupervisorTest.job(spec(jobGrace), JobState.RUNNING, ALL_RUNNING);

        Outcome outcome = JobSuspender.suspend(job, request(asked), Set.of(), SETTINGS);

        assertThat(outcome.actions()).filteredOn(a -> a instanceof Action.Kill)
                .allSatisfy(a -> assertThat(((Action.Kill) a).gracePeriodSeconds()).isEqualTo(expected));
        assertThat(outcome.job().suspension().suspension().gracePeriodSeconds()).isEqualTo(expected);
        assertThat(outcome.actions()).contains(new Action.ResendKillsAfter(Duration.ofSeconds(expected + 60)));
    }

    @Test
    void aUsersSuspendSaysWhoAndWhy() {
        Outcome outcome = JobSuspender.suspend(job(JobState.RUNNING, ALL_RUNNING),
                new JobSuspendRequested("job", new Suspension(SuspendCause.USER, "alice", null, null, 1200L),
                        "maintenance", Instant.EPOCH), Set.of(), SETTINGS);

        assertThat(outcome.job().suspension().description()).isEqualTo("suspended by alice (maintenance): last "
                + "checkpoint at step 1200; 30 s grace to checkpoint");
    }

    @Test
    void aBudgetSuspensionNamesTheTeam() {
        Outcome outcome = JobSuspender.suspend(job(JobState.RUNNING, ALL_RUNNING),
                request(new Suspension(SuspendCause.BUDGET, "budget:vision", 10L, 2.5, null)), Set.of(), SETTINGS);

        assertThat(outcome.job().suspension().description()).isEqualTo("suspended: team vision spent its GPU-hour "
                + "budget: 2.50 GPU-hours since the last checkpoint at risk; 10 s grace to checkpoint");
    }

    @Test
    void aJobWithNoTaskRunningIsSuspendedAtOnceAndItsFencesAdmitAttemptZero() {
        Outcome outcome = JobSuspender.suspend(job(JobState.SUBMITTED), request(PREEMPTED), Set.of(), SETTINGS);

        assertThat(outcome.job().state()).isEqualTo(JobState.SUSPENDED);
        assertThat(states(outcome)).containsExactly(JobState.SUSPENDED);
        assertThat(outcome.actions()).filteredOn(a -> a instanceof Action.Kill).isEmpty();
        assertThat(outcome.job().suspension().fences().values()).as("it may still be queued: attempt 0 resumes it")
                .containsOnly(-1);
    }

    @Test
    void theAttemptsPlacementSaysItPlacedAreFencedThoughNoneReportedYet() {
        JobSuspendRequested placed = new JobSuspendRequested("job", PREEMPTED, "room for job-x", Instant.EPOCH,
                Map.of("chief-0", 0, "ps-0", 0, "worker-0", 0, "worker-1", 0));

        Outcome outcome = JobSuspender.suspend(job(JobState.SUBMITTED), placed, Set.of(), SETTINGS);

        assertThat(outcome.job().state()).isEqualTo(JobState.SUSPENDED);
        assertThat(outcome.job().suspension().fences().values()).as("placement placed attempt 0; it resumes at 1")
                .containsOnly(0);
        Outcome late = JobSupervisor.onTaskStatus(outcome.job(), status("worker-0", 0, TaskState.RUNNING, null),
                RESTARTS, Duration.ofSeconds(60));
        assertThat(kills(late, false)).containsExactly("worker-0");
        assertThat(late.job().state()).isEqualTo(JobState.SUSPENDED);
    }

    @Test
    void aPendingRelaunchIsCalledOffAndItsAttemptIsNotFenced() {
        JobRecord job = job(JobState.RESTARTING, "chief-0=RUNNING", "ps-0=RUNNING", "worker-0=RUNNING");
        TaskRecord relaunch = job.tasks().get(TaskName.parse("worker-1")).nextAttempt(1, "job.worker-1.1", false);
        job = job.withTask(relaunch);

        Outcome outcome = JobSuspender.suspend(job, request(PREEMPTED), Set.of(TaskName.parse("worker-1")), SETTINGS);

        assertThat(outcome.actions()).contains(new Action.CancelRelaunch(relaunch));
        assertThat(kills(outcome, true)).containsExactly("chief-0", "worker-0");
        assertThat(outcome.job().suspension().fence(TaskName.parse("worker-1"))).isZero();
        assertThat(outcome.job().suspension().fence(TaskName.parse("worker-0"))).isZero();
    }

    @Test
    void whenOnlyParameterServersRunTheyAreKilledPlainlyAtOnce() {
        Outcome outcome = JobSuspender.suspend(job(JobState.RUNNING, "ps-0=RUNNING", "chief-0=FINISHED"),
                request(PREEMPTED), Set.of(), SETTINGS);

        assertThat(kills(outcome, false)).containsExactly("ps-0");
        assertThat(kills(outcome, true)).isEmpty();
        assertThat(outcome.job().state()).isEqualTo(JobState.SUSPENDING);
    }

    static Stream<Arguments> whileSuspending() {
        return Stream.of(
                Arguments.of("a worker's end is no failure and relaunches nothing",
                        suspending(), status("worker-0", 0, TaskState.FAILED, 1),
                        JobState.SUSPENDING, List.of(), List.of(), List.of()),
                Arguments.of("the chief exiting 0 on the notice is no success",
                        suspending("worker-0=KILLED"), status("chief-0", 0, TaskState.FINISHED, 0),
                        JobState.SUSPENDING, List.of(), List.of(), List.of()),
                Arguments.of("the last trainer ending kills the parameter servers plainly",
                        suspending("chief-0=FINISHED", "worker-0=KILLED"), status("worker-1", 0, TaskState.KILLED, 137),
                        JobState.SUSPENDING, List.of(), List.of("ps-0"), List.of()),
                Arguments.of("the last task ending suspends the job",
                        suspending("chief-0=FINISHED", "worker-0=KILLED", "worker-1=KILLED"),
                        status("ps-0", 0, TaskState.KILLED, 137), JobState.SUSPENDED, List.of(), List.of(),
                        List.of(JobState.SUSPENDED)),
                Arguments.of("a fenced attempt that starts late gets the notice",
                        suspending("worker-1=KILLED").withTask(new TaskRecord(TaskName.parse("worker-1"), 0,
                                "job.worker-1.0", null, null, null)),
                        status("worker-1", 0, TaskState.STAGING, null), JobState.SUSPENDING, List.of("worker-1"),
                        List.of(), List.of()),
                Arguments.of("a newer attempt while suspending is killed",
                        suspending(), status("worker-0", 1, TaskState.STAGING, null), JobState.SUSPENDING,
                        List.of(), List.of("worker-0"), List.of()),
                Arguments.of("a task already noticed is not killed again when it moves",
                        suspending(), status("worker-0", 0, TaskState.KILLING, null), JobState.SUSPENDING,
                        List.of(), List.of(), List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("whileSuspending")
    void taskEndsWhileSuspendingAreNeitherSuccessNorFailure(String name, JobRecord job, TaskStatusChanged status,
                                                            JobState after, List<String> noticed, List<String> killed,
                                                            List<JobState> changes) {
        Outcome outcome = JobSupervisor.onTaskStatus(job, status, RESTARTS, Duration.ofSeconds(60));

        assertThat(outcome.job().state()).isEqualTo(after);
        assertThat(kills(outcome, true)).isEqualTo(noticed);
        assertThat(kills(outcome, false)).isEqualTo(killed);
        assertThat(states(outcome)).isEqualTo(changes);
        assertThat(outcome.actions()).noneMatch(a -> a instanceof Action.Relaunch);
        assertThat(outcome.job().relaunches()).isEqualTo(job.relaunches());
    }

    @Test
    void aUserSuspendingAPreemptedJobWaitingToResumeMakesItWaitForTheUsersResume() {
        JobRecord preempted = suspended();
        Suspension byAlice = new Suspension(SuspendCause.USER, "alice", null, null, null);

        Outcome outcome = JobSuspender.suspend(preempted, request(byAlice), Set.of(), SETTINGS);

        Suspension kept = new Suspension(SuspendCause.USER, "alice", null, 0.123, 600L);
        assertThat(outcome.actions()).containsExactly(new Action.ChangeJobState(JobState.SUSPENDED,
                "suspended by alice (room for job-x): 0.12 GPU-hours since the last checkpoint (step 600) at risk; "
                        + "it was waiting in the queue to resume", kept));
        assertThat(outcome.job().state()).isEqualTo(JobState.SUSPENDED);
        assertThat(outcome.job().suspension().suspension()).isEqualTo(kept);
        assertThat(outcome.job().suspension().fences()).isEqualTo(preempted.suspension().fences());
        assertThat(JobSuspender.suspend(outcome.job(), request(byAlice), Set.of(), SETTINGS).actions())
                .as("a second suspend").isEmpty();
        assertThat(JobSuspender.suspend(outcome.job(), request(PREEMPTED), Set.of(), SETTINGS).actions())
                .as("a preemption of a job a user suspended").isEmpty();
    }

    @Test
    void theSuspendedStatusCarriesTheSuspension() {
        Outcome outcome = JobSupervisor.onTaskStatus(
                suspending("chief-0=FINISHED", "worker-0=KILLED", "worker-1=KILLED"),
                status("ps-0", 0, TaskState.KILLED, 137), RESTARTS, Duration.ofSeconds(60));

        assertThat(outcome.actions()).contains(new Action.ChangeJobState(JobState.SUSPENDED,
                PREEMPTED_REASON + "; every task ended", new Suspension(SuspendCause.PREEMPTION, "job-x", 30L, 0.123,
                600L)));
    }

    @Test
    void aFencedAttemptRunningWhileSuspendedIsKilledPlainly() {
        JobRecord job = suspended().withTask(new TaskRecord(TaskName.parse("worker-1"), 0, "job.worker-1.0", null,
                null, null));

        Outcome outcome = JobSupervisor.onTaskStatus(job, status("worker-1", 0, TaskState.RUNNING, null), RESTARTS,
                Duration.ofSeconds(60));

        assertThat(kills(outcome, false)).containsExactly("worker-1");
        assertThat(outcome.job().state()).isEqualTo(JobState.SUSPENDED);
    }

    @Test
    void theResumedRunStartingLeavesSuspendedThroughLaunchingAndRunning() {
        Outcome launching = JobSupervisor.onTaskStatus(suspended(), status("chief-0", 1, TaskState.STAGING, null),
                RESTARTS, Duration.ofSeconds(60));

        assertThat(launching.job().state()).isEqualTo(JobState.LAUNCHING);
        assertThat(launching.actions()).containsExactly(new Action.ChangeJobState(JobState.LAUNCHING,
                "resumed: tasks are starting"));
        assertThat(launching.job().suspension()).isNull();
        assertThat(launching.job().tasks().values()).allSatisfy(t -> assertThat(t.attempt()).isEqualTo(1));

        JobRecord job = launching.job();
        Outcome last = null;
        for (String task : List.of("chief-0", "ps-0", "worker-0", "worker-1")) {
            last = JobSupervisor.onTaskStatus(job, status(task, 1, TaskState.RUNNING, null), RESTARTS,
                    Duration.ofSeconds(60));
            job = last.job();
        }
        assertThat(job.state()).as("the chief's exit 0 before the suspension is no success").isEqualTo(
                JobState.RUNNING);
        assertThat(last.actions()).containsExactly(new Action.ChangeJobState(JobState.RUNNING, "all 4 tasks running"));
    }

    @Test
    void aKilledNewerAttemptDoesNotResumeTheJob() {
        Outcome outcome = JobSupervisor.onTaskStatus(suspended(), status("worker-0", 1, TaskState.KILLED, 137),
                RESTARTS, Duration.ofSeconds(60));

        assertThat(outcome.actions()).isEmpty();
        assertThat(outcome.job().state()).isEqualTo(JobState.SUSPENDED);
    }

    @Test
    void aRevisionWhileSuspendedIsTakenWithoutRedeployingAnything() {
        JobSpec bigger = JobSpecs.builder().activeDeadlineSeconds(3600L).role(Role.CHIEF, 1).role(Role.PS, 1)
                .role(Role.WORKER, JobSpecs.role(3).cpus(4)).build();

        Outcome outcome = ConfigRollout.plan(suspended(), 2, bigger);

        assertThat(outcome.actions()).isEmpty();
        assertThat(outcome.job().state()).isEqualTo(JobState.SUSPENDED);
        assertThat(outcome.job().revision()).isEqualTo(2);
        assertThat(outcome.job().tasks()).containsKey(TaskName.parse("worker-2"));
        assertThat(outcome.job().tasks().values()).noneMatch(TaskRecord::redeploy);
        assertThat(outcome.job().suspension().fence(TaskName.parse("worker-2"))).isEqualTo(-1);
    }

    @Test
    void aTaskAddedWhileSuspendedStartsAtAttemptZeroWithTheResumedRun() {
        JobSpec bigger = JobSpecs.builder().activeDeadlineSeconds(3600L).role(Role.CHIEF, 1).role(Role.PS, 1)
                .role(Role.WORKER, 3).build();
        JobRecord job = ConfigRollout.plan(suspended(), 2, bigger).job();

        Outcome outcome = JobSupervisor.onTaskStatus(job, status("worker-2", 0, TaskState.STAGING, null), RESTARTS,
                Duration.ofSeconds(60));

        assertThat(outcome.job().state()).isEqualTo(JobState.LAUNCHING);
        assertThat(outcome.job().tasks().get(TaskName.parse("worker-2")).attempt()).isZero();
        assertThat(outcome.job().tasks().get(TaskName.parse("worker-1")).attempt()).isEqualTo(1);
        assertThat(outcome.actions()).noneMatch(a -> a instanceof Action.Kill);
    }

    @Test
    void aRemovedTaskStillRunningWhileSuspendingIsKilledAndNoLongerAwaited() {
        JobSpec smaller = JobSpecs.builder().activeDeadlineSeconds(3600L).role(Role.CHIEF, 1).role(Role.PS, 1)
                .role(Role.WORKER, 1).build();
        JobRecord job = suspending("chief-0=FINISHED", "ps-0=KILLED", "worker-0=KILLED");

        Outcome outcome = ConfigRollout.plan(job, 2, smaller);

        assertThat(kills(outcome, false)).containsExactly("worker-1");
        assertThat(outcome.job().tasks()).doesNotContainKey(TaskName.parse("worker-1"));
        assertThat(outcome.job().state()).isEqualTo(JobState.SUSPENDED);
        assertThat(outcome.actions()).noneMatch(a -> a instanceof Action.Relaunch);
    }

    @Test
    void cancellingASuspendingJobKillsWhatRunsPlainly() {
        Outcome outcome = JobSupervisor.cancel(suspending("worker-0=KILLED", "chief-0=FINISHED", "worker-1=KILLED"),
                "no longer needed");

        assertThat(outcome.job().state()).isEqualTo(JobState.CANCELLED);
        assertThat(kills(outcome, false)).containsExactly("ps-0");
        assertThat(outcome.job().suspension()).isNull();
    }

    @Test
    void aSuspendedJobHasNoDeadlineNorStuckTasks() {
        JobRecord job = suspending("worker-0=STAGING");

        assertThat(JobSupervisor.onDeadline(job).actions()).isEmpty();
        assertThat(JobSupervisor.onStuck(job, TaskName.parse("worker-0"), Duration.ofMinutes(6), RESTARTS).actions())
                .isEmpty();
        assertThat(ConfigRollout.advance(new Outcome(job, List.of())).actions()).isEmpty();
    }

    @Test
    void killsAreSentAgainToWhatStillRunsAfterTheGraceAndTheTimeout() {
        Outcome trainers = JobSuspender.resendKills(suspending("chief-0=FINISHED", "worker-0=KILLED"), SETTINGS);
        Outcome ps = JobSuspender.resendKills(suspending("chief-0=FINISHED", "worker-0=KILLED", "worker-1=KILLED"),
                SETTINGS);

        assertThat(kills(trainers, true)).containsExactly("worker-1");
        assertThat(kills(trainers, false)).isEmpty();
        assertThat(trainers.actions()).contains(new Action.ResendKillsAfter(Duration.ofSeconds(90)));
        assertThat(kills(ps, false)).containsExactly("ps-0");
        assertThat(JobSuspender.resendKills(suspended(), SETTINGS).actions()).isEmpty();
    }
}
