package io.mesoflow.monitor.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesoflow.events.JobSpec;
import io.mesoflow.events.JobState;
import io.mesoflow.events.RoleSpec;
import io.mesoflow.events.TaskLayout;
import io.mesoflow.events.TaskState;
import io.mesoflow.events.TaskStatusChanged;
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

    static JobSpec spec(boolean chief, String successPolicy) {
        Map<String, RoleSpec> roles = new LinkedHashMap<>();
        if (chief) {
            roles.put("chief", RoleSpec.of(1, 1, 1, 0));
        }
        roles.put("ps", RoleSpec.of(1, 1, 1, 0));
        roles.put("worker", RoleSpec.of(2, 1, 1, 0));
        return new JobSpec("j", "t", 0, "file:///a", "a", null, "/o", roles, null, null, successPolicy, null, null,
                null, false);
    }

    /** A job whose tasks are in the given states ("worker-0=RUNNING", "ps-0=RUNNING", ...). */
    static JobRecord job(JobSpec spec, JobState state, String... taskStates) {
        Map<String, TaskRecord> tasks = new LinkedHashMap<>();
        TaskLayout.tasksOf(spec).forEach(t -> tasks.put(t.toString(),
                new TaskRecord(t.toString(), 0, "job." + t + ".0", null, null, null)));
        for (String s : taskStates) {
            String[] kv = s.split("=");
            TaskRecord t = tasks.get(kv[0]);
            tasks.put(kv[0], t.with(TaskState.valueOf(kv[1]), "agent-1", null));
        }
        return new JobRecord("job", spec, state, tasks);
    }

    static TaskStatusChanged status(String task, TaskState state, Integer exit) {
        return new TaskStatusChanged("job", task, 0, "job." + task + ".0", state, null, null, exit, "agent-1", "h",
                List.of(), null, null, Instant.EPOCH);
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
                Arguments.of("AllWorkers waits for every worker", spec(true, "AllWorkers"), JobState.RUNNING,
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
        Outcome outcome = JobSupervisor.onTaskStatus(job(spec, before, tasks), status);

        assertThat(outcome.job().state()).isEqualTo(after);
        assertThat(outcome.actions()).filteredOn(a -> a instanceof Action.Kill)
                .extracting(a -> ((Action.Kill) a).task().taskName())
                .containsExactlyInAnyOrderElementsOf(killed);
    }

    @Test
    void failureReasonNamesTheTaskAndItsExit() {
        Outcome outcome = JobSupervisor.onTaskStatus(job(spec(true, null), JobState.RUNNING, "worker-1=RUNNING"),
                status("worker-1", TaskState.FAILED, 2));

        assertThat(outcome.actions()).contains(new Action.ChangeJobState(JobState.FAILED,
                "task worker-1 failed: exit code 2"));
    }

    @Test
    void anOldAttemptsUpdateChangesNothing() {
        JobRecord job = job(spec(true, null), JobState.RUNNING, "worker-0=RUNNING");
        job = job.withTask(new TaskRecord("worker-0", 1, "job.worker-0.1", TaskState.RUNNING, "a", null));

        Outcome outcome = JobSupervisor.onTaskStatus(job, status("worker-0", TaskState.FAILED, 1));

        assertThat(outcome.actions()).isEmpty();
        assertThat(outcome.job()).isEqualTo(job);
    }

    @Test
    void aDuplicateOrBackwardUpdateChangesNothing() {
        JobRecord job = job(spec(true, null), JobState.RUNNING, "worker-0=RUNNING");

        assertThat(JobSupervisor.onTaskStatus(job, status("worker-0", TaskState.RUNNING, null)).actions()).isEmpty();
        assertThat(JobSupervisor.onTaskStatus(job, status("worker-0", TaskState.STAGING, null)).actions()).isEmpty();
    }

    @Test
    void cancelKillsEveryActiveTask() {
        Outcome outcome = JobSupervisor.cancel(job(spec(true, null), JobState.RUNNING, "chief-0=RUNNING",
                "worker-0=FINISHED"), "user asked");

        assertThat(outcome.job().state()).isEqualTo(JobState.CANCELLED);
        assertThat(outcome.actions()).filteredOn(a -> a instanceof Action.Kill)
                .extracting(a -> ((Action.Kill) a).task().taskName())
                .containsExactlyInAnyOrder("chief-0", "ps-0", "worker-1");
    }
}
