package io.mesoflow.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesoflow.events.EventCodec;
import io.mesoflow.events.LaunchRequested;
import io.mesoflow.events.LaunchSpec;
import io.mesoflow.events.OfferMade;
import io.mesoflow.events.Resources;
import io.mesoflow.events.TaskPlacement;
import io.mesoflow.events.TaskState;
import io.mesoflow.events.TaskStatusChanged;
import io.mesoflow.events.Topics;
import io.mesoflow.launcher.artifact.Archives;
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
 * Artifacts and images on the local backend: a zip keeps its executable bits and links and is fetched
 * once for every task that names it; a pinned digest that differs and a container image each end the
 * task saying why.
 */
@QuarkusTest
@WithTestResource(MesoflowTestResource.class)
class LocalArtifactsIT {
    static final Duration WAIT = Duration.ofSeconds(30);
    static FreshOffers offers;
    static TestTopics topics;
    static String zipUrl;

    @BeforeAll
    static void setUp() throws Exception {
        TaskUsers.ensure(TaskUsers.DEFAULT_USER);
        TaskUsers.ensureSearchable(Path.of("target/sandboxes").toAbsolutePath());
        topics = TestTopics.forCurrentTest();
        offers = new FreshOffers(topics);
        Path dir = Files.createDirectories(Path.of("target/test-artifacts").toAbsolutePath());
        zipUrl = Archives.of()
                .file("run.sh", "#!/bin/sh\necho \"read: $(cat data.txt)\"\n", 0755)
                .file("data/real.txt", "through the link", 0644)
                .symlink("data.txt", "data/real.txt")
                .zip(dir.resolve("env-" + System.nanoTime() + ".zip")).toUri().toString();
    }

    @AfterAll
    static void tearDown() {
        topics.close();
    }

    /** The size LocalBackendIT's tasks have; each test takes the newest offer that fits its tasks. */
    static TaskPlacement task(String name, OfferMade offer, int port, String image, String sha256) {
        return new TaskPlacement(name, 0, offer.agentId(), offer.hostname(), List.of(offer.offerId()),
                new Resources(0.5, 64, 0, 0), List.of(port), new LaunchSpec(zipUrl, "./run.sh", Map.of(),
                "target/out", Map.of(), List.of(), null, null, image, null, sha256));
    }

    TaskStatusChanged ended(String jobId, String taskName, TaskState state) {
        return topics.readUntil(Topics.TASK_STATUS, values -> values.stream().map(EventCodec::decode)
                        .anyMatch(e -> e instanceof TaskStatusChanged s && s.jobId().equals(jobId)
                                && s.taskName().equals(taskName) && s.state().isTerminal()), WAIT).stream()
                .map(EventCodec::decode)
                .filter(e -> e instanceof TaskStatusChanged s && s.jobId().equals(jobId) && s.taskName().equals(taskName)
                        && s.state().isTerminal())
                .map(TaskStatusChanged.class::cast).findFirst().orElseThrow();
    }

    @Test
    void aZippedScriptRunsWithItsExecutableBitAndReadsThroughItsLinkInEveryTask() throws Exception {
        OfferMade offer = offers.takeFitting(1.0, 128, 2, WAIT);
        List<Integer> ports = FreshOffers.ports(offer);
        topics.send(Topics.LAUNCHES, new LaunchRequested("job-zip", 1, List.of(task("worker-0", offer, ports.get(0), null, null),
                task("worker-1", offer, ports.get(1), null, null)), List.of()));

        TaskStatusChanged first = ended("job-zip", "worker-0", TaskState.FINISHED);
        TaskStatusChanged second = ended("job-zip", "worker-1", TaskState.FINISHED);

        assertThat(first.state()).as(first.message()).isEqualTo(TaskState.FINISHED);
        assertThat(second.state()).as(second.message()).isEqualTo(TaskState.FINISHED);
        Path one = Path.of(first.sandbox());
        Path two = Path.of(second.sandbox());
        assertThat(Files.readString(one.resolve("stdout"))).isEqualTo("read: through the link\n");
        assertThat(Files.isSameFile(one.resolve("run.sh"), two.resolve("run.sh")))
                .as("both sandboxes link the one cached copy").isTrue();
        assertThat(Files.getAttribute(one.resolve("run.sh"), "unix:uid")).as("the cache's files stay the launcher's")
                .isEqualTo(Files.getAttribute(Path.of("target"), "unix:uid"));
    }

    @Test
    void anArtifactThatIsNotThePinnedOneFailsTheTaskNamingBothDigests() {
        OfferMade offer = offers.takeFitting(0.5, 64, 1, WAIT);
        String wrong = "0".repeat(64);
        topics.send(Topics.LAUNCHES, new LaunchRequested("job-pinned", 1,
                List.of(task("worker-0", offer, offer.ports().get(0).begin(), null, wrong)), List.of()));

        TaskStatusChanged failed = ended("job-pinned", "worker-0", TaskState.FAILED);

        assertThat(failed.state()).isEqualTo(TaskState.FAILED);
        assertThat(failed.message()).contains("has SHA-256 ", "the spec says " + wrong);
    }

    @Test
    void aTaskThatNamesAnImageEndsInErrorSayingTheLocalBackendRunsNone() {
        OfferMade offer = offers.takeFitting(0.5, 64, 1, WAIT);
        topics.send(Topics.LAUNCHES, new LaunchRequested("job-image", 1,
                List.of(task("worker-0", offer, offer.ports().get(0).begin(), "tensorflow/tensorflow:2.21.0", null)),
                List.of()));

        TaskStatusChanged refused = ended("job-image", "worker-0", TaskState.ERROR);

        assertThat(refused.state()).isEqualTo(TaskState.ERROR);
        assertThat(refused.message()).startsWith("image: the local backend has no container runtime")
                .contains("tensorflow/tensorflow:2.21.0");
    }
}
