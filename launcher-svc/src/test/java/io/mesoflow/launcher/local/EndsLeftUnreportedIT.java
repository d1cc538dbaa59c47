package io.mesoflow.launcher.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesoflow.events.TaskState;
import io.mesoflow.events.TaskStatusChanged;
import io.mesoflow.events.Topics;
import io.mesoflow.launcher.store.LaunchedTaskEntity;
import io.mesoflow.launcher.store.LauncherStore;
import io.mesoflow.testing.MesoflowTestResource;
import io.mesoflow.testing.TestTopics;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A leader killed between recording a task's end and publishing it: the next leader publishes that
 * end (with the exit code the task's sandbox recorded), once. The job waited forever for it before
 * (a chaos round: a task exited 0 ~80 ms before its launcher's kill -9; its job stayed RUNNING).
 */
@QuarkusTest
@WithTestResource(MesoflowTestResource.class)
class EndsLeftUnreportedIT {
    static final Duration WAIT = Duration.ofSeconds(30);
    static TestTopics topics;

    @Inject
    TaskAdopter adopter;

    @Inject
    LauncherStore store;

    @Inject
    io.mesoflow.launcher.store.StatusReporter reporter;

    @BeforeAll
    static void setUp() {
        topics = TestTopics.forCurrentTest();
    }

    @AfterAll
    static void tearDown() {
        topics.close();
    }

    /** A task the last leader recorded as {@code state} and never published, its sandbox's exit code {@code exit}. */
    String endedButUnpublished(TaskState state, int exit) throws Exception {
        String jobId = "job-unreported-" + UUID.randomUUID().toString().substring(0, 8);
        String taskId = jobId + ".worker-0.0";
        Path sandbox = Files.createDirectories(Path.of("target/unreported").toAbsolutePath().resolve(jobId));
        Files.writeString(sandbox.resolve(".mesoflow-exit"), exit + "\n");
        QuarkusTransaction.requiringNew().run(() -> {
            LaunchedTaskEntity task = new LaunchedTaskEntity();
            task.taskId = taskId;
            task.jobId = jobId;
            task.taskName = "worker-0";
            task.attempt = 0;
            task.agentId = "local";
            task.state = TaskState.RUNNING.name();
            task.pid = 999_999L;
            task.sandbox = sandbox.toString();
            task.launchedAt = Instant.now();
            task.updatedAt = Instant.now();
            task.persist();
        });
        store.ended(taskId, state);
        return taskId;
    }

    @Test
    void anEndRecordedButNeverPublishedIsPublishedByTheNextLeaderOnce() throws Exception {
        org.awaitility.Awaitility.await().atMost(WAIT).until(reporter::acting); // only the leader publishes
        String finished = endedButUnpublished(TaskState.FINISHED, 0);
        String failed = endedButUnpublished(TaskState.FAILED, 3);

        adopter.reportEndsLeftUnreported();

        TaskStatusChanged ok = topics.await(Topics.TASK_STATUS, TaskStatusChanged.class,
                s -> s.taskId().equals(finished), WAIT);
        assertThat(ok.state()).isEqualTo(TaskState.FINISHED);
        assertThat(ok.exitCode()).isZero();
        TaskStatusChanged bad = topics.await(Topics.TASK_STATUS, TaskStatusChanged.class,
                s -> s.taskId().equals(failed), WAIT);
        assertThat(bad.state()).isEqualTo(TaskState.FAILED);
        assertThat(bad.exitCode()).isEqualTo(3);
        assertThat(bad.reason()).isEqualTo("REASON_COMMAND_EXECUTOR_FAILED");
        assertThat(store.endedUnreported()).extracting(t -> t.taskId).doesNotContain(finished, failed);

        adopter.reportEndsLeftUnreported();

        assertThat(topics.readUntil(Topics.TASK_STATUS, v -> false, Duration.ofSeconds(3)))
                .as("published once").filteredOn(r -> r.contains(finished)).hasSize(1);
    }
}
