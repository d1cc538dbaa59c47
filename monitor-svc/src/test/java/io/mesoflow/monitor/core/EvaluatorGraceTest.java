package io.mesoflow.monitor.core;

import static io.mesoflow.monitor.core.JobSupervisorTest.RESTARTS;
import static io.mesoflow.monitor.core.JobSupervisorTest.job;
import static io.mesoflow.monitor.core.JobSupervisorTest.name;
import static io.mesoflow.monitor.core.JobSupervisorTest.status;
import static org.assertj.core.api.Assertions.assertThat;

import io.mesoflow.events.JobSpec;
import io.mesoflow.events.JobState;
import io.mesoflow.events.RestartPolicy;
import io.mesoflow.events.Role;
import io.mesoflow.events.SuccessPolicy;
import io.mesoflow.events.TaskState;
import io.mesoflow.testing.JobSpecs;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EvaluatorGraceTest {
    static final Duration GRACE = Duration.ofSeconds(60);

    static JobSpec spec(SuccessPolicy policy, boolean tensorboard) {
        return JobSpecs.builder().successPolicy(policy).activeDeadlineSeconds(3600L).tensorboard(tensorboard)
                .role(Role.CHIEF, JobSpecs.role(1).restartPolicy(RestartPolicy.ON_FAILURE))
                .role(Role.PS, JobSpecs.role(1).restartPolicy(RestartPolicy.ON_FAILURE))
                .role(Role.WORKER, JobSpecs.role(2).restartPolicy(RestartPolicy.ON_FAILURE))
                .role(Role.EVALUATOR, JobSpecs.role(1).restartPolicy(RestartPolicy.ON_FAILURE))
                .build();
    }

    static final JobSpec CHIEF_ONLY = spec(null, false);
    static final String[] TRAINING = {"chief-0=RUNNING", "ps-0=RUNNING", "worker-0=RUNNING", "worker-1=RUNNING",
        "evaluator-0=RUNNING"};

    /** A job whose training finished and that waits for its evaluator; the cluster's kills are under way. */
    static JobRecord waiting(JobSpec spec, String... taskStates) {
        return job(spec, JobState.RUNNING, taskStates).withAwaitingEvaluator(true);
    }

    static JobRecord waiting() {
        return waiting(CHIEF_ONLY, "chief-0=FINISHED", "ps-0=KILLED", "worker-0=KILLED", "worker-1=KILLED",
                "evaluator-0=RUNNING");
    }

    static Function<JobRecord, Outcome> onStatus(String task, TaskState state, Integer exit, Duration grace) {
        return job -> JobSupervisor.onTaskStatus(job, status(task, state, exit), RESTARTS, grace);
    }

    static Function<JobRecord, Outcome> onStatus(String task, TaskState state, Integer exit) {
        return onStatus(task, state, exit, GRACE);
    }

    static final String WAITING = "training finished (chief-0 exited 0); waiting up to 60 s for evaluator-0 to score "
            + "the final checkpoint";

    static Stream<Arguments> decisions() {
        return Stream.of(
                Arguments.of("chief exit 0 keeps the running evaluator and stops the cluster",
                        job(CHIEF_ONLY, JobState.RUNNING, TRAINING), onStatus("chief-0", TaskState.FINISHED, 0),
                        JobState.RUNNING, true, List.of("ps-0", "worker-0", "worker-1"), WAITING),
                Arguments.of("AllWorkers: the last trainer exiting 0 starts the grace",
                        job(spec(SuccessPolicy.ALL_WORKERS, false), JobState.RUNNING, "chief-0=FINISHED",
                                "ps-0=RUNNING", "worker-0=FINISHED", "worker-1=RUNNING", "evaluator-0=RUNNING"),
                        onStatus("worker-1", TaskState.FINISHED, 0), JobState.RUNNING, true, List.of("ps-0"),
                        "training finished (every worker exited 0); waiting up to 60 s for evaluator-0 to score "
                                + "the final checkpoint"),
                Arguments.of("a grace of 0 kills the evaluator with the rest at once",
                        job(CHIEF_ONLY, JobState.RUNNING, TRAINING),
                        onStatus("chief-0", TaskState.FINISHED, 0, Duration.ZERO), JobState.SUCCEEDED, false,
                        List.of("ps-0", "worker-0", "worker-1", "evaluator-0"), "chief-0 exited 0"),
                Arguments.of("an evaluator not running yet gets no grace",
                        job(CHIEF_ONLY, JobState.RUNNING, "chief-0=RUNNING", "ps-0=RUNNING", "worker-0=RUNNING",
                                "worker-1=RUNNING", "evaluator-0=STAGING"),
                        onStatus("chief-0", TaskState.FINISHED, 0), JobState.SUCCEEDED, false,
                        List.of("ps-0", "worker-0", "worker-1", "evaluator-0"), "chief-0 exited 0"),
                Arguments.of("the evaluator exiting 0 within the grace succeeds the job", waiting(),
                        onStatus("evaluator-0", TaskState.FINISHED, 0), JobState.SUCCEEDED, false, List.of(),
                        "chief-0 exited 0; evaluator-0 exited 0 within its grace after training finished"),
                Arguments.of("the evaluator failing within the grace neither fails the job nor is relaunched",
                        waiting(), onStatus("evaluator-0", TaskState.FAILED, 3), JobState.SUCCEEDED, false, List.of(),
                        "chief-0 exited 0; evaluator-0 failed: exit code 3 after training finished, which does not "
                                + "fail the job: training succeeded"),
                Arguments.of("the evaluator lost within the grace: the job still succeeded", waiting(),
                        onStatus("evaluator-0", TaskState.LOST, null), JobState.SUCCEEDED, false, List.of(),
                        "chief-0 exited 0; evaluator-0 was lost after training finished, which does not fail the "
                                + "job: training succeeded"),
                Arguments.of("a parameter server killed during the grace is neither relaunched nor a failure",
                        waiting(CHIEF_ONLY, "chief-0=FINISHED", "ps-0=RUNNING", "worker-0=KILLED", "worker-1=KILLED",
                                "evaluator-0=RUNNING"),
                        onStatus("ps-0", TaskState.KILLED, 137), JobState.RUNNING, true, List.of(), null),
                Arguments.of("a worker that starts running during the grace is killed again",
                        waiting(CHIEF_ONLY, "chief-0=FINISHED", "ps-0=KILLED", "worker-0=KILLED", "worker-1=STAGING",
                                "evaluator-0=RUNNING"),
                        onStatus("worker-1", TaskState.RUNNING, null), JobState.RUNNING, true, List.of("worker-1"),
                        null),
                Arguments.of("the grace running out stops the evaluator; the job succeeded", waiting(),
                        (Function<JobRecord, Outcome>) job -> EvaluatorGrace.expire(job, GRACE), JobState.SUCCEEDED,
                        false, List.of("evaluator-0"),
                        "chief-0 exited 0; evaluator-0 was stopped after its 60 s grace to score the final checkpoint"),
                Arguments.of("a cancel during the grace stops the evaluator; training still succeeded", waiting(),
                        (Function<JobRecord, Outcome>) job -> JobSupervisor.cancel(job, "user asked"),
                        JobState.SUCCEEDED, false, List.of("evaluator-0"),
                        "chief-0 exited 0; evaluator-0 was stopped before its grace ran out: user asked"),
                Arguments.of("the deadline during the grace stops the evaluator; training still succeeded", waiting(),
                        (Function<JobRecord, Outcome>) JobSupervisor::onDeadline, JobState.SUCCEEDED, false,
                        List.of("evaluator-0"),
                        "chief-0 exited 0; evaluator-0 was stopped: the job exceeded its deadline of 3600 s"),
                Arguments.of("a task stuck during the grace is killed, not relaunched",
                        waiting(CHIEF_ONLY, "chief-0=FINISHED", "ps-0=KILLED", "worker-0=KILLED", "worker-1=STAGING",
                                "evaluator-0=RUNNING"),
                        (Function<JobRecord, Outcome>) job -> JobSupervisor.onStuck(job, name("worker-1"),
                                Duration.ofMinutes(5), RESTARTS),
                        JobState.RUNNING, true, List.of("worker-1"), null),
                Arguments.of("an expiry after the job ended changes nothing",
                        job(CHIEF_ONLY, JobState.SUCCEEDED, "chief-0=FINISHED", "evaluator-0=FINISHED"),
                        (Function<JobRecord, Outcome>) job -> EvaluatorGrace.expire(job, GRACE), JobState.SUCCEEDED,
                        false, List.of(), null),
                Arguments.of("a new revision during the grace redeploys nothing", waiting(),
                        (Function<JobRecord, Outcome>) job -> ConfigRollout.plan(job, 2, spec(null, true)),
                        JobState.RUNNING, true, List.of(), null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("decisions")
    void decidesTheEvaluatorsGrace(String name, JobRecord job, Function<JobRecord, Outcome> event, JobState state,
                                   boolean awaiting, List<String> killed, String reason) {
        Outcome outcome = event.apply(job);

        assertThat(outcome.job().state()).isEqualTo(state);
        assertThat(outcome.job().awaitingEvaluator()).isEqualTo(awaiting);
        assertThat(outcome.actions()).filteredOn(a -> a instanceof Action.Kill)
                .extracting(a -> ((Action.Kill) a).task().name().toString())
                .containsExactlyInAnyOrderElementsOf(killed);
        assertThat(outcome.actions()).noneMatch(a -> a instanceof Action.Relaunch);
        assertThat(outcome.job().relaunches()).isEqualTo(job.relaunches());
        List<String> reasons = outcome.actions().stream().filter(a -> a instanceof Action.ChangeJobState)
                .map(a -> ((Action.ChangeJobState) a).reason()).toList();
        assertThat(reasons).isEqualTo(reason == null ? List.of() : List.of(reason));
    }

    @Test
    void theGraceIsAskedForWithItsLengthSoTheAdapterCanStoreItsDeadline() {
        Outcome outcome = JobSupervisor.onTaskStatus(job(CHIEF_ONLY, JobState.RUNNING, TRAINING),
                status("chief-0", TaskState.FINISHED, 0), RESTARTS, Duration.ofMillis(1500));

        assertThat(outcome.actions()).filteredOn(a -> a instanceof Action.AwaitEvaluator).singleElement()
                .satisfies(a -> {
                    assertThat(((Action.AwaitEvaluator) a).evaluator().name()).isEqualTo(name("evaluator-0"));
                    assertThat(((Action.AwaitEvaluator) a).grace()).isEqualTo(Duration.ofMillis(1500));
                });
        assertThat(outcome.actions()).contains(new Action.ChangeJobState(JobState.RUNNING, "training finished "
                + "(chief-0 exited 0); waiting up to 1500 ms for evaluator-0 to score the final checkpoint"));
    }

    @Test
    void tensorBoardStaysThroughTheGraceAndLingersAfterTheJobEnds() {
        JobSpec spec = spec(null, true);
        Outcome trained = JobSupervisor.onTaskStatus(job(spec, JobState.RUNNING, "chief-0=RUNNING", "ps-0=RUNNING",
                "worker-0=RUNNING", "worker-1=RUNNING", "evaluator-0=RUNNING", "tensorboard-0=RUNNING"),
                status("chief-0", TaskState.FINISHED, 0), RESTARTS, GRACE);

        assertThat(trained.actions()).noneMatch(a -> a instanceof Action.KeepThenKill)
                .noneMatch(a -> a instanceof Action.Kill k && k.task().name().role() == Role.TENSORBOARD);

        Outcome done = JobSupervisor.onTaskStatus(trained.job(), status("evaluator-0", TaskState.FINISHED, 0),
                RESTARTS, GRACE);

        assertThat(done.job().state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(done.actions()).filteredOn(a -> a instanceof Action.KeepThenKill)
                .extracting(a -> ((Action.KeepThenKill) a).task().name().toString()).containsExactly("tensorboard-0");
    }
}
