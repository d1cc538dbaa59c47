package io.mesoflow.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.mesoflow.events.EventCodec;
import io.mesoflow.events.JobProgress;
import io.mesoflow.events.LaunchRequested;
import io.mesoflow.events.LaunchSpec;
import io.mesoflow.events.OfferMade;
import io.mesoflow.events.ProgressSource;
import io.mesoflow.events.Resources;
import io.mesoflow.events.ScalarPoint;
import io.mesoflow.events.TaskPlacement;
import io.mesoflow.events.TaskState;
import io.mesoflow.events.TaskStatusChanged;
import io.mesoflow.events.Topics;
import io.mesoflow.launcher.progress.TfRecordFixtures;
import io.mesoflow.testing.FreshOffers;
import io.mesoflow.testing.MesoflowTestResource;
import io.mesoflow.testing.TaskUsers;
import io.mesoflow.testing.TestTopics;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A local-backend chief writes TensorBoard event files (those real TensorFlow wrote for the fixtures)
 * and a checkpoint state file into its output directory, then one more scalar a few seconds later;
 * the leader reads them and publishes JobProgress on mesoflow.progress: step, scalars, points,
 * total from the context, checkpoint, then only the new point.
 */
@QuarkusTest
@WithTestResource(MesoflowTestResource.class)
class ProgressIT {
    static final Duration WAIT = Duration.ofSeconds(30);
    static TestTopics topics;
    static FreshOffers offers;
    static Path scripts;
    static Path outputs;

    @BeforeAll
    static void setUp() throws Exception {
        TaskUsers.ensure(TaskUsers.DEFAULT_USER);
        TaskUsers.ensureSearchable(Path.of("target/sandboxes").toAbsolutePath());
        outputs = Files.createDirectories(Path.of("target/progress-outputs").toAbsolutePath());
        TaskUsers.ensureSearchable(outputs);
        topics = TestTopics.forCurrentTest();
        offers = new FreshOffers(topics);
        scripts = Files.createDirectories(Path.of("target/test-scripts").toAbsolutePath());
        Files.writeString(scripts.resolve("tensorboard-writer.sh"), TfRecordFixtures.writerScript());
    }

    @AfterAll
    static void tearDown() {
        topics.close();
    }

    @Test
    void aRunningChiefsEventFilesArePublishedAsJobProgress() throws Exception {
        OfferMade offer = offers.takeFitting(0.5, 64, 1, WAIT);
        String jobId = "job-progress";
        Path out = outputs.resolve(jobId);
        TaskPlacement chief = new TaskPlacement("chief-0", 0, offer.agentId(), offer.hostname(),
                List.of(offer.offerId()), new Resources(0.5, 64, 0, 0), List.of(offer.ports().get(0).begin()),
                new LaunchSpec(scripts.resolve("tensorboard-writer.sh").toUri().toString(), "sh tensorboard-writer.sh",
                        Map.of("max_steps", 600), out.toString(), Map.of(), List.of(), "vision"));

        topics.send(Topics.LAUNCHES, new LaunchRequested(jobId, 1, List.of(chief), List.of()));

        JobProgress first = topics.await(Topics.PROGRESS, JobProgress.class,
                p -> p.jobId().equals(jobId) && p.step() == 30, WAIT);
        assertThat(first.source()).isEqualTo(ProgressSource.TENSORBOARD);
        assertThat(first.taskName()).isEqualTo("chief-0");
        assertThat(first.team()).isEqualTo("vision");
        assertThat(first.totalSteps()).isEqualTo(600);
        assertThat(first.scalars()).containsKeys("train/loss", "eval/loss", "eval/accuracy", "learning_rate");
        assertThat(first.scalars().get("train/loss")).isCloseTo(1 / 30.0, within(1e-6));
        assertThat(first.points()).filteredOn(p -> p.tag().equals("train/loss")).extracting(ScalarPoint::step)
                .containsExactly(10L, 20L, 30L);
        assertThat(first.checkpointStep()).isEqualTo(30);
        assertThat(first.checkpointAt()).isNotNull();

        JobProgress later = topics.await(Topics.PROGRESS, JobProgress.class,
                p -> p.jobId().equals(jobId) && p.step() == 40, WAIT);
        assertThat(later.points()).containsExactly(new ScalarPoint("train/loss", 40, 0.019999999552965164));
        assertThat(later.stepsPerSecond()).isPositive();
        assertThat(later.finishEta()).isAfter(later.observedAt());
    }

    /**
     * A run whose last steps land between two polls (its end follows its last write at once): the final
     * step is published before the task's end status, not after it, so whoever reads the end sees it.
     */
    @Test
    void aRunsFinalStepIsPublishedBeforeItsEnd() throws Exception {
        Files.writeString(scripts.resolve("short-run.sh"), """
                echo '{"step": 100, "total_steps": 400}' >> progress.jsonl
                sleep 2
                echo '{"step": 400, "total_steps": 400}' >> progress.jsonl
                """);
        OfferMade offer = offers.takeFitting(0.5, 64, 1, WAIT);
        String jobId = "job-short-run";
        TaskPlacement chief = new TaskPlacement("chief-0", 0, offer.agentId(), offer.hostname(),
                List.of(offer.offerId()), new Resources(0.5, 64, 0, 0), List.of(offer.ports().get(0).begin()),
                new LaunchSpec(scripts.resolve("short-run.sh").toUri().toString(), "sh short-run.sh", Map.of(), null,
                        Map.of(), List.of(), "vision"));

        topics.send(Topics.LAUNCHES, new LaunchRequested(jobId, 1, List.of(chief), List.of()));
        topics.await(Topics.PROGRESS, JobProgress.class, p -> p.jobId().equals(jobId) && p.step() == 100, WAIT);
        topics.await(Topics.TASK_STATUS, TaskStatusChanged.class,
                s -> s.jobId().equals(jobId) && s.state() == TaskState.FINISHED, WAIT);

        long ended = topics.readAll(Topics.TASK_STATUS, Duration.ofSeconds(2)).stream()
                .filter(r -> EventCodec.decode(r.value()) instanceof TaskStatusChanged s && s.jobId().equals(jobId)
                        && s.state() == TaskState.FINISHED).mapToLong(TestTopics.Timed::timestamp).min().orElseThrow();
        List<TestTopics.Timed> progress = topics.readAll(Topics.PROGRESS, Duration.ofSeconds(2)).stream()
                .filter(r -> EventCodec.decode(r.value()) instanceof JobProgress p && p.jobId().equals(jobId)).toList();
        assertThat(progress).anySatisfy(r -> {
            assertThat(((JobProgress) EventCodec.decode(r.value())).step()).isEqualTo(400);
            assertThat(r.timestamp()).as("published at, against the end's %d", ended).isLessThanOrEqualTo(ended);
        });
    }
}
