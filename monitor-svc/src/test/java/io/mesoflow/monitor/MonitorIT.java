package io.mesoflow.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesoflow.events.JobSpec;
import io.mesoflow.events.JobState;
import io.mesoflow.events.JobStatusChanged;
import io.mesoflow.events.JobSubmitted;
import io.mesoflow.events.KillTaskRequested;
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
        JobSpec spec = new JobSpec("j", "t", 0, "file:///a.py", "a", null, "/o",
                Map.of("ps", RoleSpec.of(1, 1, 1, 0), "worker", RoleSpec.of(2, 1, 1, 0)),
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
    void aFailedWorkerFailsTheJobWithItsReason() {
        submit("job-bad");
        status("job-bad", "ps-0", TaskState.RUNNING, null);
        status("job-bad", "worker-1", TaskState.FAILED, 7);

        JobStatusChanged done = topics.await(Topics.JOB_STATUS, JobStatusChanged.class,
                s -> s.jobId().equals("job-bad") && s.state().isTerminal(), WAIT);
        assertThat(done.state()).isEqualTo(JobState.FAILED);
        assertThat(done.reason()).isEqualTo("task worker-1 failed: exit code 7");
    }
}
