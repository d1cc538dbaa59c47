package io.mesoflow.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesoflow.events.JobSpec;
import io.mesoflow.events.JobState;
import io.mesoflow.events.JobStatusChanged;
import io.mesoflow.events.JobSubmitted;
import io.mesoflow.events.KillTaskRequested;
import io.mesoflow.events.RelaunchTaskRequested;
import io.mesoflow.events.Resources;
import io.mesoflow.events.TaskUsageRecorded;
import io.mesoflow.events.RoleSpec;
import io.mesoflow.events.TaskState;
import io.mesoflow.events.TaskStatusChanged;
import io.mesoflow.events.Topics;
import io.mesoflow.testing.MesoflowTestResource;
import io.mesoflow.testing.TestTopics;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
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
        topics.send(Topics.TASK_STATUS, new TaskStatusChanged(job, task, 0, job + "." + task + ".0", state, null, null,
                exit, "agent-1", "h", List.of(), null, null, Instant.now()));
    }

    static void submit(String job) {
        submit(job, "OnFailure");
    }

    static void submit(String job, String restartPolicy) {
        JobSpec spec = new JobSpec("j", "t", 0, "file:///a.py", "a", null, "/o",
                Map.of("ps", new RoleSpec(1, 1, 1, 0, 0, null, restartPolicy, null),
                        "worker", new RoleSpec(2, 1, 1, 0, 0, null, restartPolicy, null)),
                null, null, null, null, null, null, false);
        topics.send(Topics.JOBS, new JobSubmitted(job, 1, spec, Instant.now()));
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
        submit("job-bad", "Never");
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

        topics.send(Topics.TASK_STATUS, new TaskStatusChanged("job-retry", "worker-1", 1, "job-retry.worker-1.1",
                TaskState.RUNNING, null, null, null, "agent-1", "h", List.of(), null, null, Instant.now()));
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
        topics.send(Topics.TASK_STATUS, new TaskStatusChanged("job-usage", "worker-1", 0, "job-usage.worker-1.0",
                TaskState.RUNNING, null, null, null, "agent-1", "h", List.of(), null, resources, start));
        TaskStatusChanged ended = new TaskStatusChanged("job-usage", "worker-1", 0, "job-usage.worker-1.0",
                TaskState.FINISHED, null, null, 0, "agent-1", "h", List.of(), null, resources, start.plusSeconds(90));
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
