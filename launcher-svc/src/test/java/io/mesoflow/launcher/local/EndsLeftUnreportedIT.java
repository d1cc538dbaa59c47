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
    io.micrometer.core.instrument.MeterRegistry metrics;

    @BeforeAll
    static void setUp() {
        topics = TestTopics.forCurrentTest();
    }

    @AfterAll
    static void tearDown() {
        topics.close();
    }

    /**
     * A task the last leader recorded as {@code state} with {@code reason} and never published; its
     * sandbox's exit code {@code exit} (none when null: a refused launch never ran).
     */
    String endedButUnpublished(TaskState state, Integer exit, String reason) throws Exception {
        String jobId = "job-unreported-" + UUID.randomUUID().toString().substring(0, 8);
        String taskId = jobId + ".worker-0.0";
        Path sandbox = Files.createDirectories(Path.of("target/unreported").toAbsolutePath().resolve(jobId));
        if (exit != null) {
            Files.writeString(sandbox.resolve(".mesoflow-exit"), exit + "\n");
        }
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
        store.ended(taskId, state, reason);
        return taskId;
    }

    @Test
    void anEndRecordedButNeverPublishedIsPublishedByTheNextLeaderOnce() throws Exception {
        // only the leader publishes, and its own take-over (which publishes unmarked ends too) must be over
        org.awaitility.Awaitility.await().atMost(WAIT).until(() -> metrics.find("mesoflow.launcher.takeovers")
                .counters().stream().mapToDouble(c -> c.count()).sum() >= 1);
        String finished = endedButUnpublished(TaskState.FINISHED, 0, null);
        String failed = endedButUnpublished(TaskState.FAILED, 3, "REASON_COMMAND_EXECUTOR_FAILED");
        String refused = endedButUnpublished(TaskState.LOST, null, "REASON_INVALID_OFFERS");
        Thread.sleep(100);
        Instant takeOver = Instant.now();

        adopter.reportEndsLeftUnreported();

        TaskStatusChanged ok = topics.await(Topics.TASK_STATUS, TaskStatusChanged.class,
                s -> s.taskId().equals(finished), WAIT);
        assertThat(ok.state()).isEqualTo(TaskState.FINISHED);
        assertThat(ok.exitCode()).isZero();
        assertThat(ok.timestamp()).as("when the end was recorded, not the take-over").isBefore(takeOver);
        TaskStatusChanged bad = topics.await(Topics.TASK_STATUS, TaskStatusChanged.class,
                s -> s.taskId().equals(failed), WAIT);
        assertThat(bad.state()).isEqualTo(TaskState.FAILED);
        assertThat(bad.exitCode()).isEqualTo(3);
        assertThat(bad.reason()).isEqualTo("REASON_COMMAND_EXECUTOR_FAILED");
        TaskStatusChanged lost = topics.await(Topics.TASK_STATUS, TaskStatusChanged.class,
                s -> s.taskId().equals(refused), WAIT);
        assertThat(lost.reason()).as("the recorded reason: the monitor re-places a refused launch for free")
                .isEqualTo("REASON_INVALID_OFFERS");
        assertThat(lost.exitCode()).isNull();
        assertThat(store.endedUnreported()).extracting(t -> t.taskId).doesNotContain(finished, failed, refused);

        adopter.reportEndsLeftUnreported();

        Thread.sleep(2000); // what a second publication would take
        assertThat(topics.readCaughtUpUntil(Topics.TASK_STATUS, v -> v.stream().anyMatch(r -> r.contains(finished)),
                WAIT)).as("published once").filteredOn(r -> r.contains(finished)).hasSize(1);
    }
}
