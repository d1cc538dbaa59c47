package io.mesoflow.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesoflow.events.JobSpec;
import io.mesoflow.events.JobState;
import io.mesoflow.events.JobStatusChanged;
import io.mesoflow.events.JobSubmitted;
import io.mesoflow.events.KillTaskRequested;
import io.mesoflow.events.RelaunchTaskRequested;
import io.mesoflow.events.Resources;
import io.mesoflow.events.RestartPolicy;
import io.mesoflow.events.Role;
import io.mesoflow.events.TaskUsageRecorded;
import io.mesoflow.events.TaskName;
import io.mesoflow.events.TaskState;
import io.mesoflow.events.TaskStatusChanged;
import io.mesoflow.events.Topics;
import io.mesoflow.testing.JobSpecs;
import io.mesoflow.testing.MesoflowTestResource;
import io.mesoflow.testing.TestTopics;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(MesoflowTestResource.class)
class MonitorIT {
    static final Duration WAIT = Duration.ofSeconds(30);
    static TestTopics topics;

    @BeforeAll
    static void connect() {
        topics = TestTopics.forCurrentTest();
    }

    @AfterAll
    static void close() {
        topics.close();
    }

    static void status(String job, String task, TaskState state, Integer exit) {
        topics.send(Topics.TASK_STATUS, TaskStatusChanged.of(job, TaskName.parse(task), 0, state).withExitCode(exit)
                .onAgent("agent-1", "h", List.of()));
    }

    static void submit(String job) {
        submit(job, RestartPolicy.ON_FAILURE);
    }

    static void submit(String job, RestartPolicy restartPolicy) {
        JobSpec spec = JobSpecs.builder().team("t").role(Role.PS, JobSpecs.role(1).restartPolicy(restartPolicy))
                .role(Role.WORKER, JobSpecs.role(2).restartPolicy(restartPolicy)).build();
        topics.send(Topics.JOBS, new JobSubmitted(job, 1, spec, Instant.now()));
    }

    static void submitWithEvaluator(String job) {
        JobSpec spec = JobSpecs.builder().team("t").role(Role.CHIEF, 1).role(Role.PS, 1).role(Role.WORKER, 1)
                .role(Role.EVALUATOR, 1).build();
        topics.send(Topics.JOBS, new JobSubmitted(job, 1, spec, Instant.now()));
    }

    /** A job with an evaluator trains to the end: the chief exits 0 and the job waits for the evaluator. */
    static void trainToTheEnd(String job) {
        submitWithEvaluator(job);
        for (String task : List.of("chief-0", "ps-0", "worker-0", "evaluator-0")) {
            status(job, task, TaskState.RUNNING, null);
        }
        topics.await(Topics.JOB_STATUS, JobStatusChanged.class,
                s -> s.jobId().equals(job) && s.state() == JobState.RUNNING, WAIT);
        status(job, "chief-0", TaskState.FINISHED, 0);
        JobStatusChanged waiting = topics.await(Topics.JOB_STATUS, JobStatusChanged.class,
                s -> s.jobId().equals(job) && s.reason().startsWith("training finished"), WAIT);
        assertThat(waiting.state()).isEqualTo(JobState.RUNNING);
        assertThat(waiting.reason()).isEqualTo("training finished (chief-0 exited 0); waiting up to 5 s for "
                + "evaluator-0 to score the final checkpoint");
        for (String task : List.of("ps-0", "worker-0")) {
            topics.await(Topics.CONTROL, KillTaskRequested.class,
                    k -> k.jobId().equals(job) && k.taskName().equals(task), WAIT);
            status(job, task, TaskState.KILLED, 137);
        }
    }

    static List<String> killedTasks(String job) {
        return topics.readUntil(Topics.CONTROL, v -> false, Duration.ofSeconds(2)).stream()
                .map(io.mesoflow.events.EventCodec::decode)
                .filter(e -> e instanceof KillTaskRequested k && k.jobId().equals(job))
                .map(e -> ((KillTaskRequested) e).taskName()).toList();
    }

    @Test
    void theEvaluatorIsKeptAfterTheChiefExitsAndItsEndSucceedsTheJob() {
        trainToTheEnd("job-eval");
        status("job-eval", "evaluator-0", TaskState.FINISHED, 0);

        JobStatusChanged done = topics.await(Topics.JOB_STATUS, JobStatusChanged.class,
                s -> s.jobId().equals("job-eval") && s.state().isTerminal(), WAIT);
        assertThat(done.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(done.reason()).isEqualTo("chief-0 exited 0; evaluator-0 exited 0 within its grace after training "
                + "finished");
        assertThat(killedTasks("job-eval")).as("the evaluator was never killed").containsExactlyInAnyOrder("ps-0",
                "worker-0");
    }

    @Test
    void anEvaluatorStillRunningWhenItsGraceRunsOutIsKilledAndTheJobSucceeds() {
        trainToTheEnd("job-eval-late");

        KillTaskRequested kill = topics.await(Topics.CONTROL, KillTaskRequested.class,
                k -> k.jobId().equals("job-eval-late") && k.taskName().equals("evaluator-0"), WAIT);
        assertThat(kill.taskId()).isEqualTo("job-eval-late.evaluator-0.0");
        JobStatusChanged done = topics.await(Topics.JOB_STATUS, JobStatusChanged.class,
                s -> s.jobId().equals("job-eval-late") && s.state().isTerminal(), WAIT);
        assertThat(done.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(done.reason()).isEqualTo("chief-0 exited 0; evaluator-0 was stopped after its 5 s grace to score "
                + "the final checkpoint");
        status("job-eval-late", "evaluator-0", TaskState.KILLED, 137);
    }

    @Test
    void aRelaunchedWorkerRejoinsWhenItsPortIsReadyAndReadinessIsNoNewStart() {
        submit("job-ready");
        for (String task : List.of("ps-0", "worker-0", "worker-1")) {
            status("job-ready", task, TaskState.RUNNING, null);
        }
        status("job-ready", "worker-1", TaskState.FAILED, 137);
        topics.await(Topics.CONTROL, RelaunchTaskRequested.class, r -> r.jobId().equals("job-ready"), WAIT);

        Instant start = Instant.parse("2026-11-24T10:00:00Z");
        Resources resources = new Resources(2, 512, 0, 0);
        TaskStatusChanged running = TaskStatusChanged.of("job-ready", TaskName.parse("worker-1"), 1, TaskState.RUNNING)
                .onAgent("agent-1", "h", List.of()).withResources(resources).withReady(false).at(start);
        topics.send(Topics.TASK_STATUS, running);
        JobStatusChanged starting = topics.await(Topics.JOB_STATUS, JobStatusChanged.class,
                s -> s.jobId().equals("job-ready") && s.state() == JobState.RUNNING && s.reason().contains("attempt"),
                WAIT);
        assertThat(starting.reason()).isEqualTo("worker-1 was relaunched (attempt 1) and is starting: waiting for its "
                + "port to accept connections");
        topics.send(Topics.TASK_STATUS, running.withReady(true).at(start.plusSeconds(30)));
        JobStatusChanged back = topics.await(Topics.JOB_STATUS, JobStatusChanged.class,
                s -> s.jobId().equals("job-ready") && s.reason().contains("rejoined"), WAIT);
        assertThat(back.reason()).isEqualTo("worker-1 rejoined the cluster (attempt 1)");
        topics.send(Topics.TASK_STATUS, TaskStatusChanged.of("job-ready", TaskName.parse("worker-1"), 1,
                TaskState.FINISHED).withExitCode(0).onAgent("agent-1", "h", List.of()).withResources(resources)
                .at(start.plusSeconds(90)));

        TaskUsageRecorded usage = topics.await(Topics.JOB_STATUS, TaskUsageRecorded.class,
                u -> u.jobId().equals("job-ready") && u.attempt() == 1, WAIT);
        assertThat(usage.cpuSeconds()).as("counted from the first RUNNING, not the ready one").isEqualTo(180.0);
        assertThat(topics.readUntil(Topics.CONTROL, v -> false, Duration.ofSeconds(2)).stream()
                .filter(v -> v.contains("RelaunchTaskRequested") && v.contains("job-ready")).count())
                .as("one relaunch").isEqualTo(1);
    }

    @Test
    void aBurstOfStatusesIsFoldedInOrderAndAnUndecodableRecordAmongThemIsDeadLettered() {
        submit("job-burst");
        topics.sendRaw(Topics.TASK_STATUS, "job-burst", "{not an event");
        for (String task : List.of("ps-0", "worker-0", "worker-1")) {
            status("job-burst", task, TaskState.STAGING, null);
            status("job-burst", task, TaskState.RUNNING, null);
        }
        status("job-burst", "worker-0", TaskState.FINISHED, 0);

        JobStatusChanged done = topics.await(Topics.JOB_STATUS, JobStatusChanged.class,
                s -> s.jobId().equals("job-burst") && s.state().isTerminal(), WAIT);
        assertThat(done.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(topics.readUntil(Topics.TASK_STATUS + ".dlq", v -> v.contains("{not an event"), WAIT))
                .contains("{not an event");
    }

    @Test
    void workerZeroExitingZeroSucceedsTheJobAndKillsTheParameterServer() {
        submit("job-ok");
        for (String task : List.of("ps-0", "worker-0", "worker-1")) {
            status("job-ok", task, TaskState.RUNNING, null);
        }
        topics.await(Topics.JOB_STATUS, JobStatusChanged.class,
                s -> s.jobId().equals("job-ok") && s.state() == JobState.RUNNING, WAIT);
        status("job-ok", "worker-1", TaskState.FINISHED, 0);
        status("job-ok", "worker-0", TaskState.FINISHED, 0);

        JobStatusChanged done = topics.await(Topics.JOB_STATUS, JobStatusChanged.class,
                s -> s.jobId().equals("job-ok") && s.state().isTerminal(), WAIT);
        assertThat(done.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(done.reason()).isEqualTo("worker-0 exited 0");
        KillTaskRequested kill = topics.await(Topics.CONTROL, KillTaskRequested.class,
                k -> k.jobId().equals("job-ok"), WAIT);
        assertThat(kill.taskId()).isEqualTo("job-ok.ps-0.0");
    }

    @Test
    void aFailedWorkerWithRestartPolicyNeverFailsTheJobWithItsReason() {
        submit("job-bad", RestartPolicy.NEVER);
        status("job-bad", "ps-0", TaskState.RUNNING, null);
        status("job-bad", "worker-1", TaskState.FAILED, 7);

        JobStatusChanged done = topics.await(Topics.JOB_STATUS, JobStatusChanged.class,
                s -> s.jobId().equals("job-bad") && s.state().isTerminal(), WAIT);
        assertThat(done.state()).isEqualTo(JobState.FAILED);
        assertThat(done.reason()).isEqualTo("task worker-1 failed: exit code 7");
    }

    @Test
    void aFailedWorkerIsRelaunchedAsTheNextAttemptOnItsAgentAfterTheBackoff() {
        submit("job-retry");
        for (String task : List.of("ps-0", "worker-0", "worker-1")) {
            status("job-retry", task, TaskState.RUNNING, null);
        }
        status("job-retry", "worker-1", TaskState.FAILED, 137);

        RelaunchTaskRequested relaunch = topics.await(Topics.CONTROL, RelaunchTaskRequested.class,
                r -> r.jobId().equals("job-retry"), WAIT);
        assertThat(relaunch.taskName()).isEqualTo("worker-1");
        assertThat(relaunch.attempt()).isEqualTo(1);
        assertThat(relaunch.preferredAgentId()).isEqualTo("agent-1");
        JobStatusChanged restarting = topics.await(Topics.JOB_STATUS, JobStatusChanged.class,
                s -> s.jobId().equals("job-retry") && s.state() == JobState.RESTARTING, WAIT);
        assertThat(restarting.reason()).startsWith("task worker-1 failed: exit code 137; relaunch 1 of 6");

        topics.send(Topics.TASK_STATUS, TaskStatusChanged.of("job-retry", TaskName.parse("worker-1"), 1,
                TaskState.RUNNING).onAgent("agent-1", "h", List.of()));
        JobStatusChanged back = topics.await(Topics.JOB_STATUS, JobStatusChanged.class,
                s -> s.jobId().equals("job-retry") && s.state() == JobState.RUNNING
                        && s.reason().contains("rejoined"), WAIT);
        assertThat(back.reason()).isEqualTo("worker-1 rejoined the cluster (attempt 1)");
    }

    @Test
    void eachAttemptsUsageIsRecordedOnceFromRunningToItsEnd() {
        submit("job-usage");
        Instant start = Instant.parse("2026-11-24T10:00:00Z");
        Resources resources = new Resources(2, 512, 0, 1);
        TaskStatusChanged running = TaskStatusChanged.of("job-usage", TaskName.parse("worker-1"), 0, TaskState.RUNNING)
                .onAgent("agent-1", "h", List.of()).withResources(resources).at(start);
        topics.send(Topics.TASK_STATUS, running);
        TaskStatusChanged ended = TaskStatusChanged.of("job-usage", TaskName.parse("worker-1"), 0, TaskState.FINISHED)
                .withExitCode(0).onAgent("agent-1", "h", List.of()).withResources(resources).at(start.plusSeconds(90));
        topics.send(Topics.TASK_STATUS, ended);
        topics.send(Topics.TASK_STATUS, ended);

        TaskUsageRecorded usage = topics.await(Topics.JOB_STATUS, TaskUsageRecorded.class,
                u -> u.jobId().equals("job-usage"), WAIT);
        assertThat(usage.cpuSeconds()).isEqualTo(180.0);
        assertThat(usage.gpuSeconds()).isEqualTo(90.0);
        assertThat(usage.team()).isEqualTo("t");
        List<String> all = topics.readUntil(Topics.JOB_STATUS, v -> false, Duration.ofSeconds(3));
        assertThat(all.stream().filter(v -> v.contains("TaskUsageRecorded") && v.contains("job-usage"))
                .map(v -> io.mesoflow.events.EventCodec.envelopeOf(v).id()).distinct().count())
                .as("one usage event, however often it is delivered").isEqualTo(1);
    }
}
