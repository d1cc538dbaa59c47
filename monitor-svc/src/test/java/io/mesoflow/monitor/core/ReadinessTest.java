package io.mesoflow.monitor.core;

import static io.mesoflow.monitor.core.JobSupervisorTest.GRACE;
import static io.mesoflow.monitor.core.JobSupervisorTest.RESTARTS;
import static io.mesoflow.monitor.core.JobSupervisorTest.job;
import static io.mesoflow.monitor.core.JobSupervisorTest.name;
import static org.assertj.core.api.Assertions.assertThat;

import io.mesoflow.events.JobSpec;
import io.mesoflow.events.JobState;
import io.mesoflow.events.RestartPolicy;
import io.mesoflow.events.Role;
import io.mesoflow.events.TaskState;
import io.mesoflow.events.TaskStatusChanged;
import io.mesoflow.testing.JobSpecs;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ReadinessTest {
    static final JobSpec SPEC = JobSpecs.builder()
            .role(Role.PS, JobSpecs.role(1).restartPolicy(RestartPolicy.ON_FAILURE))
            .role(Role.WORKER, JobSpecs.role(2).restartPolicy(RestartPolicy.ON_FAILURE))
            .role(Role.EVALUATOR, JobSpecs.role(1).restartPolicy(RestartPolicy.ON_FAILURE))
            .build();

    static final String STARTING = "worker-1 was relaunched (attempt 1) and is starting: waiting for its port to "
            + "accept connections";
    static final String REJOINED = "worker-1 rejoined the cluster (attempt 1)";

    /** The job, its other tasks running, with {@code task} at attempt 1 in {@code state} (ready or not). */
    static JobRecord relaunched(JobState jobState, String task, TaskState state, boolean ready) {
        JobRecord job = job(SPEC, jobState, "ps-0=RUNNING", "worker-0=RUNNING", "worker-1=RUNNING",
                "evaluator-0=RUNNING");
        return job.withTask(new TaskRecord(name(task), 1, "job." + task + ".1", state, "agent-1", null, false,
                "h:1", ready));
    }

    static TaskStatusChanged running(String task, int attempt, Boolean ready) {
        return TaskStatusChanged.of("job", name(task), attempt, TaskState.RUNNING).onAgent("agent-1", "h", List.of(1))
                .withReady(ready).at(Instant.EPOCH);
    }

    static Stream<Arguments> decisions() {
        return Stream.of(
                Arguments.of("a relaunched worker running but not ready yet: the job runs, the worker is starting",
                        relaunched(JobState.RESTARTING, "worker-1", null, false), running("worker-1", 1, false),
                        JobState.RUNNING, List.of(STARTING), false),
                Arguments.of("its port accepting connections: it rejoined the cluster",
                        relaunched(JobState.RUNNING, "worker-1", TaskState.RUNNING, false),
                        running("worker-1", 1, true), JobState.RUNNING, List.of(REJOINED), true),
                Arguments.of("running and ready in one status: it rejoined at once",
                        relaunched(JobState.RESTARTING, "worker-1", TaskState.STAGING, false),
                        running("worker-1", 1, true), JobState.RUNNING, List.of(REJOINED), true),
                Arguments.of("a backend that reports no readiness: it rejoined when it runs",
                        relaunched(JobState.RESTARTING, "worker-1", TaskState.STAGING, false),
                        running("worker-1", 1, null), JobState.RUNNING, List.of(REJOINED), false),
                Arguments.of("the evaluator serves no port: it rejoined when it runs",
                        relaunched(JobState.RESTARTING, "evaluator-0", null, false), running("evaluator-0", 1, false),
                        JobState.RUNNING, List.of("evaluator-0 rejoined the cluster (attempt 1)"), false),
                Arguments.of("a ready status repeated changes nothing",
                        relaunched(JobState.RUNNING, "worker-1", TaskState.RUNNING, true),
                        running("worker-1", 1, true), JobState.RUNNING, List.of(), true),
                Arguments.of("not ready after ready changes nothing",
                        relaunched(JobState.RUNNING, "worker-1", TaskState.RUNNING, true),
                        running("worker-1", 1, false), JobState.RUNNING, List.of(), true),
                Arguments.of("a first attempt becoming ready only marks it ready",
                        job(SPEC, JobState.RUNNING, "ps-0=RUNNING", "worker-0=RUNNING", "worker-1=RUNNING",
                                "evaluator-0=RUNNING"),
                        running("worker-1", 0, true), JobState.RUNNING, List.of(), true),
                Arguments.of("ready while another task is still relaunching: the job stays RESTARTING",
                        relaunched(JobState.RESTARTING, "worker-1", TaskState.RUNNING, false)
                                .withTask(new TaskRecord(name("worker-0"), 1, "job.worker-0.1", null, "agent-1", null)),
                        running("worker-1", 1, true), JobState.RESTARTING, List.of(), true),
                Arguments.of("ready after the job ended changes nothing but the record",
                        relaunched(JobState.SUCCEEDED, "worker-1", TaskState.RUNNING, false),
                        running("worker-1", 1, true), JobState.SUCCEEDED, List.of(), true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("decisions")
    void saysRejoinedOnlyWhenTheTaskIsReady(String name, JobRecord job, TaskStatusChanged status, JobState state,
                                            List<String> reasons, boolean ready) {
        Outcome outcome = JobSupervisor.onTaskStatus(job, status, RESTARTS, GRACE);

        assertThat(outcome.job().state()).isEqualTo(state);
        assertThat(outcome.actions()).filteredOn(a -> a instanceof Action.ChangeJobState)
                .extracting(a -> ((Action.ChangeJobState) a).reason()).containsExactlyElementsOf(reasons);
        assertThat(outcome.actions()).as("no new start: nothing relaunched or killed")
                .allMatch(a -> a instanceof Action.ChangeJobState);
        assertThat(outcome.job().relaunches()).isEqualTo(job.relaunches());
        TaskRecord task = outcome.job().tasks().get(status.task());
        assertThat(task.ready()).isEqualTo(ready);
        assertThat(task.attempt()).isEqualTo(status.attempt());
    }
}
