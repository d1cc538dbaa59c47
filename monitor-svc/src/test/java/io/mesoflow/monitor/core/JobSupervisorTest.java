package io.mesoflow.monitor.core;

import static io.mesoflow.events.FailurePolicy.GANG;
import static io.mesoflow.events.RestartPolicy.ALWAYS;
import static io.mesoflow.events.RestartPolicy.EXIT_CODE;
import static io.mesoflow.events.RestartPolicy.NEVER;
import static io.mesoflow.events.RestartPolicy.ON_FAILURE;
import static org.assertj.core.api.Assertions.assertThat;

import io.mesoflow.events.FailurePolicy;
import io.mesoflow.events.JobSpec;
import io.mesoflow.events.JobState;
import io.mesoflow.events.RestartPolicy;
import io.mesoflow.events.Role;
import io.mesoflow.events.SuccessPolicy;
import io.mesoflow.events.TaskLayout;
import io.mesoflow.events.TaskName;
import io.mesoflow.events.TaskReasons;
import io.mesoflow.events.TaskState;
import io.mesoflow.events.TaskStatusChanged;
import io.mesoflow.testing.JobSpecs;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class JobSupervisorTest {

    static final RestartSettings RESTARTS = RestartSettings.fixed(Duration.ofSeconds(1), Duration.ofSeconds(60));
    static final Duration GRACE = Duration.ofSeconds(60);

    static JobSpec spec(boolean chief, SuccessPolicy successPolicy) {
        return spec(chief, successPolicy, NEVER, null, 6);
    }

    static JobSpec spec(boolean chief, SuccessPolicy successPolicy, RestartPolicy restartPolicy,
                        FailurePolicy failurePolicy, int backoffLimit) {
        JobSpecs.Builder spec = JobSpecs.builder().successPolicy(successPolicy).failurePolicy(failurePolicy)
                .backoffLimit(backoffLimit).activeDeadlineSeconds(3600L);
        if (chief) {
            spec.role(Role.CHIEF, JobSpecs.role(1).restartPolicy(restartPolicy));
        }
        return spec.role(Role.PS, JobSpecs.role(1).restartPolicy(restartPolicy))
                .role(Role.WORKER, JobSpecs.role(2).restartPolicy(restartPolicy))
                .build();
    }

    static TaskName name(String task) {
        return TaskName.parse(task);
    }

    /** A job whose tasks are in the given states ("worker-0=RUNNING", "ps-0=RUNNING", ...). */
    static JobRecord job(JobSpec spec, JobState state, String... taskStates) {
        Map<TaskName, TaskRecord> tasks = new LinkedHashMap<>();
        TaskLayout.tasksOf(spec).forEach(t -> tasks.put(t, new TaskRecord(t, 0, "job." + t + ".0", null, null, null)));
        for (String s : taskStates) {
            String[] kv = s.split("=");
            TaskRecord t = tasks.get(name(kv[0]));
            tasks.put(t.name(), t.with(TaskState.valueOf(kv[1]), "agent-1", null));
        }
        return new JobRecord("job", spec, state, 0, tasks);
    }

    static TaskStatusChanged status(String task, TaskState state, Integer exit) {
        return TaskStatusChanged.of("job", name(task), 0, state).withExitCode(exit).onAgent("agent-1", "h", List.of())
                .at(Instant.EPOCH);
    }

    static Stream<Arguments> transitions() {
        String[] allRunning = {"chief-0=RUNNING", "ps-0=RUNNING", "worker-0=RUNNING", "worker-1=RUNNING"};
        return Stream.of(
                Arguments.of("first staging starts the launch", spec(true, null), JobState.PLACED, new String[0],
                        status("ps-0", TaskState.STAGING, null), JobState.LAUNCHING, List.of()),
                Arguments.of("the last task running makes the job running", spec(true, null), JobState.LAUNCHING,
                        new String[] {"chief-0=RUNNING", "ps-0=RUNNING", "worker-0=RUNNING"},
                        status("worker-1", TaskState.RUNNING, null), JobState.RUNNING, List.of()),
                Arguments.of("chief exit 0 succeeds and kills the rest", spec(true, null), JobState.RUNNING, allRunning,
                        status("chief-0", TaskState.FINISHED, 0), JobState.SUCCEEDED,
                        List.of("ps-0", "worker-0", "worker-1")),
                Arguments.of("worker-0 is the success task without a chief", spec(false, null), JobState.RUNNING,
                        new String[] {"ps-0=RUNNING", "worker-0=RUNNING", "worker-1=RUNNING"},
                        status("worker-0", TaskState.FINISHED, 0), JobState.SUCCEEDED, List.of("ps-0", "worker-1")),
                Arguments.of("a worker finishing before the chief is not the end", spec(true, null), JobState.RUNNING,
                        allRunning, status("worker-1", TaskState.FINISHED, 0), JobState.RUNNING, List.of()),
                Arguments.of("AllWorkers waits for every worker", spec(true, SuccessPolicy.ALL_WORKERS),
                        JobState.RUNNING,
                        new String[] {"chief-0=FINISHED", "ps-0=RUNNING", "worker-0=FINISHED", "worker-1=RUNNING"},
                        status("worker-1", TaskState.FINISHED, 0), JobState.SUCCEEDED, List.of("ps-0")),
                Arguments.of("a failed worker fails the job and kills the rest", spec(true, null), JobState.RUNNING,
                        allRunning, status("worker-1", TaskState.FAILED, 2), JobState.FAILED,
                        List.of("chief-0", "ps-0", "worker-0")),
                Arguments.of("a lost parameter server fails the job", spec(true, null), JobState.RUNNING, allRunning,
                        status("ps-0", TaskState.LOST, null), JobState.FAILED, List.of("chief-0", "worker-0", "worker-1")),
                Arguments.of("a task running after the end is killed", spec(true, null), JobState.SUCCEEDED,
                        new String[] {"chief-0=FINISHED"}, status("worker-0", TaskState.RUNNING, null),
                        JobState.SUCCEEDED, List.of("worker-0")),
                Arguments.of("kills after success do not fail the job", spec(true, null), JobState.SUCCEEDED,
                        new String[] {"chief-0=FINISHED", "ps-0=RUNNING"}, status("ps-0", TaskState.KILLED, 137),
                        JobState.SUCCEEDED, List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transitions")
    void decidesTheJobStateAndWhatToKill(String name, JobSpec spec, JobState before, String[] tasks,
                                         TaskStatusChanged status, JobState after, List<String> killed) {
        Outcome outcome = JobSupervisor.onTaskStatus(job(spec, before, tasks), status, RESTARTS, GRACE);

        assertThat(outcome.job().state()).isEqualTo(after);
        assertThat(outcome.actions()).filteredOn(a -> a instanceof Action.Kill)
                .extracting(a -> ((Action.Kill) a).task().name().toString())
                .containsExactlyInAnyOrderElementsOf(killed);
    }

    @Test
    void failureReasonNamesTheTaskAndItsExit() {
        Outcome outcome = JobSupervisor.onTaskStatus(job(spec(true, null), JobState.RUNNING, "worker-1=RUNNING"),
                status("worker-1", TaskState.FAILED, 2), RESTARTS, GRACE);

        assertThat(outcome.actions()).contains(new Action.ChangeJobState(JobState.FAILED,
                "task worker-1 failed: exit code 2"));
    }

    @Test
    void anOldAttemptsUpdateChangesNothing() {
        JobRecord job = job(spec(true, null), JobState.RUNNING, "worker-0=RUNNING");
        job = job.withTask(new TaskRecord(name("worker-0"), 1, "job.worker-0.1", TaskState.RUNNING, "a", null));

        Outcome outcome = JobSupervisor.onTaskStatus(job, status("worker-0", TaskState.FAILED, 1), RESTARTS, GRACE);

        assertThat(outcome.actions()).isEmpty();
        assertThat(outcome.job()).isEqualTo(job);
    }

    @Test
    void aDuplicateOrBackwardUpdateChangesNothing() {
        JobRecord job = job(spec(true, null), JobState.RUNNING, "worker-0=RUNNING");

        assertThat(JobSupervisor.onTaskStatus(job, status("worker-0", TaskState.RUNNING, null), RESTARTS, GRACE)
                .actions()).isEmpty();
        assertThat(JobSupervisor.onTaskStatus(job, status("worker-0", TaskState.STAGING, null), RESTARTS, GRACE)
                .actions()).isEmpty();
    }

    @Test
    void aStatusOfATaskTheJobDoesNotHaveChangesNothing() {
        JobRecord job = job(spec(true, null), JobState.RUNNING, "worker-0=RUNNING");

        for (String task : List.of("worker-7", "worker-01", "wizard-0", "worker")) {
            TaskStatusChanged status = TaskStatusChanged.of("job", task, 0, "job." + task + ".0", TaskState.FAILED);

            assertThat(JobSupervisor.onTaskStatus(job, status, RESTARTS, GRACE).actions()).as(task).isEmpty();
        }
    }

    @Test
    void cancelKillsEveryActiveTask() {
        Outcome outcome = JobSupervisor.cancel(job(spec(true, null), JobState.RUNNING, "chief-0=RUNNING",
                "worker-0=FINISHED"), "user asked");

        assertThat(outcome.job().state()).isEqualTo(JobState.CANCELLED);
        assertThat(outcome.actions()).filteredOn(a -> a instanceof Action.Kill)
                .extracting(a -> ((Action.Kill) a).task().name().toString())
                .containsExactlyInAnyOrder("chief-0", "ps-0", "worker-1");
    }

    static Stream<Arguments> restartCases() {
        return Stream.of(
                Arguments.of("OnFailure relaunches a failed worker", ON_FAILURE, TaskState.FAILED, 1, true),
                Arguments.of("OnFailure relaunches a lost worker", ON_FAILURE, TaskState.LOST, null, true),
                Arguments.of("OnFailure leaves a worker that exited 0", ON_FAILURE, TaskState.FINISHED, 0, false),
                Arguments.of("Never fails the job instead", NEVER, TaskState.FAILED, 1, false),
                Arguments.of("ExitCode: 1-127 is the program's verdict", EXIT_CODE, TaskState.FAILED, 3, false),
                Arguments.of("ExitCode: 137 (SIGKILL) is retryable", EXIT_CODE, TaskState.FAILED, 137, true),
                Arguments.of("ExitCode: a lost task is retryable", EXIT_CODE, TaskState.LOST, null, true),
                Arguments.of("Always relaunches even after exit 0", ALWAYS, TaskState.FINISHED, 0, true),
                Arguments.of("OnFailure: an ERROR (e.g. a missing secret) is never relaunched", ON_FAILURE,
                        TaskState.ERROR, null, false),
                Arguments.of("Always: an ERROR is never relaunched either", ALWAYS, TaskState.ERROR, null, false),
                Arguments.of("ExitCode: an ERROR is not retryable", EXIT_CODE, TaskState.ERROR, null, false),
                Arguments.of("OnFailure: 126, an entry point that cannot execute, is not retried", ON_FAILURE,
                        TaskState.FAILED, 126, false),
                Arguments.of("OnFailure: 127, an entry point not found, is not retried", ON_FAILURE,
                        TaskState.FAILED, 127, false),
                Arguments.of("OnFailure: 128 (another signal) is retried", ON_FAILURE, TaskState.FAILED, 128, true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("restartCases")
    void restartPolicyDecidesWhetherAnEndedWorkerIsRelaunched(String name, RestartPolicy policy, TaskState state,
                                                              Integer exit, boolean relaunched) {
        Outcome outcome = JobSupervisor.onTaskStatus(job(spec(true, null, policy, null, 6), JobState.RUNNING,
                "chief-0=RUNNING", "ps-0=RUNNING", "worker-0=RUNNING", "worker-1=RUNNING"),
                status("worker-1", state, exit), RESTARTS, GRACE);

        assertThat(outcome.actions().stream().anyMatch(a -> a instanceof Action.Relaunch)).isEqualTo(relaunched);
    }

    @Test
    void restartsFailedWorkerOnItsAgentAsTheNextAttemptAfterBackoff() {
        JobRecord job = job(spec(true, null, ON_FAILURE, null, 6), JobState.RUNNING, "chief-0=RUNNING",
                "ps-0=RUNNING", "worker-0=RUNNING", "worker-1=RUNNING").withRelaunches(2);

        Outcome outcome = JobSupervisor.onTaskStatus(job, status("worker-1", TaskState.FAILED, 137), RESTARTS, GRACE);

        Action.Relaunch relaunch = (Action.Relaunch) outcome.actions().get(0);
        assertThat(relaunch.task().agentId()).isEqualTo("agent-1");
        assertThat(relaunch.attempt()).isEqualTo(1);
        assertThat(relaunch.delay()).isEqualTo(Duration.ofSeconds(4));
        assertThat(outcome.job().state()).isEqualTo(JobState.RESTARTING);
        assertThat(outcome.job().relaunches()).isEqualTo(3);
        assertThat(outcome.job().tasks().get(name("worker-1")).taskId()).isEqualTo("job.worker-1.1");
        assertThat(outcome.actions()).contains(new Action.ChangeJobState(JobState.RESTARTING,
                "task worker-1 failed: exit code 137; relaunch 3 of 6 in 4000 ms"));
    }

    @Test
    void backoffLimitCountsEveryRelaunchOfAnyTaskAndThenFailsTheJob() {
        JobRecord job = job(spec(true, null, ON_FAILURE, null, 2), JobState.RUNNING, "chief-0=RUNNING",
                "ps-0=RUNNING", "worker-0=RUNNING", "worker-1=RUNNING").withRelaunches(2);

        Outcome outcome = JobSupervisor.onTaskStatus(job, status("ps-0", TaskState.FAILED, 1), RESTARTS, GRACE);

        assertThat(outcome.job().state()).isEqualTo(JobState.FAILED);
        assertThat(outcome.actions()).contains(new Action.ChangeJobState(JobState.FAILED,
                "task ps-0 failed: exit code 1; backoff limit of 2 relaunches reached"));
    }

    @Test
    void gangFailurePolicyRelaunchesEveryTaskAndKillsTheSurvivors() {
        JobRecord job = job(spec(true, null, ON_FAILURE, GANG, 6), JobState.RUNNING, "chief-0=RUNNING",
                "ps-0=RUNNING", "worker-0=RUNNING", "worker-1=RUNNING");

        Outcome outcome = JobSupervisor.onTaskStatus(job, status("worker-1", TaskState.FAILED, 1), RESTARTS, GRACE);

        assertThat(outcome.actions()).filteredOn(a -> a instanceof Action.Relaunch)
                .extracting(a -> ((Action.Relaunch) a).task().name().toString())
                .containsExactlyInAnyOrder("chief-0", "ps-0", "worker-0", "worker-1");
        assertThat(outcome.actions()).filteredOn(a -> a instanceof Action.Kill)
                .extracting(a -> ((Action.Kill) a).task().name().toString())
                .containsExactlyInAnyOrder("chief-0", "ps-0", "worker-0");
        assertThat(outcome.job().relaunches()).isEqualTo(1);
    }

    static TaskStatusChanged refused(String task, int attempt) {
        return TaskStatusChanged.of("job", name(task), attempt, TaskState.LOST)
                .withReason(TaskReasons.INVALID_OFFERS, "Task launched with invalid offers")
                .onAgent("agent-2", "h", List.of()).at(Instant.EPOCH);
    }

    @Test
    void aRefusedLaunchPlacesTheWholeGangAgainAtOnceWithoutChargingTheBackoffLimit() {
        JobRecord job = job(spec(true, null, EXIT_CODE, null, 0), JobState.LAUNCHING, "chief-0=RUNNING",
                "ps-0=RUNNING", "worker-0=STAGING", "worker-1=STAGING");

        Outcome outcome = JobSupervisor.onTaskStatus(job, refused("worker-1", 0), RESTARTS, GRACE);

        assertThat(outcome.job().state()).isEqualTo(JobState.RESTARTING);
        assertThat(outcome.job().relaunches()).isZero();
        assertThat(outcome.actions()).filteredOn(a -> a instanceof Action.Relaunch)
                .allSatisfy(a -> assertThat(((Action.Relaunch) a).delay()).isZero())
                .extracting(a -> ((Action.Relaunch) a).task().name().toString() + "#" + ((Action.Relaunch) a).attempt())
                .containsExactlyInAnyOrder("chief-0#1", "ps-0#1", "worker-0#1", "worker-1#1");
        assertThat(outcome.actions()).filteredOn(a -> a instanceof Action.Kill)
                .extracting(a -> ((Action.Kill) a).task().name().toString())
                .containsExactlyInAnyOrder("chief-0", "ps-0", "worker-0");
        assertThat(outcome.actions()).filteredOn(a -> a instanceof Action.ChangeJobState).singleElement()
                .satisfies(a -> assertThat(((Action.ChangeJobState) a).reason())
                        .contains("REASON_INVALID_OFFERS").contains("not counted against its backoff limit"));
    }

    @Test
    void theOtherRefusedTasksOfTheSameLaunchChangeNothingMore() {
        JobRecord job = job(spec(true, null, EXIT_CODE, null, 0), JobState.LAUNCHING, "chief-0=STAGING",
                "ps-0=STAGING", "worker-0=STAGING", "worker-1=STAGING");
        Outcome first = JobSupervisor.onTaskStatus(job, refused("worker-1", 0), RESTARTS, GRACE);

        Outcome second = JobSupervisor.onTaskStatus(first.job(), refused("worker-0", 0), RESTARTS, GRACE);

        assertThat(second.actions()).isEmpty();
    }

    @Test
    void aLaunchRefusedAgainAndAgainIsChargedLikeAnyLossAfterThreeFreeTries() {
        JobRecord job = job(spec(true, null, EXIT_CODE, null, 0), JobState.RESTARTING, "chief-0=RUNNING",
                "ps-0=RUNNING", "worker-0=RUNNING")
                .withTask(new TaskRecord(name("worker-1"), 3, "job.worker-1.3", TaskState.STAGING, "agent-2", null));

        Outcome outcome = JobSupervisor.onTaskStatus(job, refused("worker-1", 3), RESTARTS, GRACE);

        assertThat(outcome.job().state()).isEqualTo(JobState.FAILED);
    }

    @Test
    void aRelaunchedTaskRunningAgainBringsTheJobBackToRunning() {
        JobRecord job = job(spec(true, null, ON_FAILURE, null, 6), JobState.RESTARTING, "chief-0=RUNNING",
                "ps-0=RUNNING", "worker-0=RUNNING")
                .withTask(new TaskRecord(name("worker-1"), 1, "job.worker-1.1", null, "agent-1", null));
        TaskStatusChanged running = TaskStatusChanged.of("job", name("worker-1"), 1, TaskState.RUNNING)
                .onAgent("agent-1", "h", List.of()).at(Instant.EPOCH);

        Outcome outcome = JobSupervisor.onTaskStatus(job, running, RESTARTS, GRACE);

        assertThat(outcome.actions()).containsExactly(new Action.ChangeJobState(JobState.RUNNING,
                "worker-1 rejoined the cluster (attempt 1)"));
    }

    @Test
    void aTaskStuckInStagingIsKilledAndRelaunched() {
        JobRecord job = job(spec(true, null, ON_FAILURE, null, 6), JobState.LAUNCHING, "worker-0=STAGING");

        Outcome outcome = JobSupervisor.onStuck(job, name("worker-0"), Duration.ofMinutes(5), RESTARTS);

        assertThat(outcome.actions()).hasAtLeastOneElementOfType(Action.Kill.class)
                .hasAtLeastOneElementOfType(Action.Relaunch.class);
        assertThat(outcome.job().state()).isEqualTo(JobState.RESTARTING);
    }

    @Test
    void theDeadlineFailsTheJobAndKillsEverything() {
        Outcome outcome = JobSupervisor.onDeadline(job(spec(true, null), JobState.RUNNING, "chief-0=RUNNING"));

        assertThat(outcome.job().state()).isEqualTo(JobState.FAILED);
        assertThat(outcome.actions()).contains(new Action.ChangeJobState(JobState.FAILED,
                "exceeded its deadline of 3600 s"));
    }

    @Test
    void backoffDoublesUpToTheCapWithJitter() {
        Duration one = Duration.ofSeconds(1);
        Duration cap = Duration.ofSeconds(60);
        assertThat(RestartRules.backoff(one, cap, 0, 0, 0)).isEqualTo(Duration.ofSeconds(1));
        assertThat(RestartRules.backoff(one, cap, 0, 3, 0)).isEqualTo(Duration.ofSeconds(8));
        assertThat(RestartRules.backoff(one, cap, 0, 10, 0)).isEqualTo(Duration.ofSeconds(60));
        assertThat(RestartRules.backoff(one, cap, 0.5, 1, 0.5)).isEqualTo(Duration.ofMillis(2500));
    }

    @Test
    void tensorboardStaysUpAfterTheJobSucceeds() {
        JobSpec spec = JobSpecs.builder().role(Role.WORKER, 1).tensorboard(true).build();
        JobRecord job = job(spec, JobState.RUNNING, "worker-0=RUNNING", "tensorboard-0=RUNNING");

        Outcome outcome = JobSupervisor.onTaskStatus(job, status("worker-0", TaskState.FINISHED, 0), RESTARTS, GRACE);

        assertThat(outcome.job().state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(outcome.actions()).hasAtLeastOneElementOfType(Action.KeepThenKill.class)
                .noneMatch(a -> a instanceof Action.Kill);
    }
}
