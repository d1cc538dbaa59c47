package io.mesoflow.launcher.progress;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesoflow.events.EventCodec;
import io.mesoflow.events.JobProgress;
import io.mesoflow.events.LaunchSpec;
import io.mesoflow.events.Resources;
import io.mesoflow.events.ScalarPoint;
import io.mesoflow.events.TaskPlacement;
import io.mesoflow.events.TaskState;
import io.mesoflow.events.TaskStatusChanged;
import io.mesoflow.launcher.LauncherConfig;
import io.mesoflow.launcher.store.LaunchedTaskEntity;
import io.mesoflow.launcher.store.LauncherStore;
import io.mesoflow.launcher.store.StatusReporter;
import io.mesoflow.launcher.store.TaskEnding;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The poller's rounds, with fakes for the broker, the store and the configuration. */
class ProgressPollerTest {
    @TempDir
    Path dir;

    final List<String> attempts = new ArrayList<>();
    final List<JobProgress> sent = new ArrayList<>();
    final List<Duration> timeouts = new ArrayList<>();
    boolean brokerUp;

    static <T> T config(Class<T> type, Map<String, Object> values) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> values.get(method.getName())));
    }

    ProgressPoller poller() {
        ProgressPoller poller = new ProgressPoller();
        LauncherConfig.Progress progress = config(LauncherConfig.Progress.class, Map.of("enabled", true,
                "interval", Duration.ofSeconds(5), "maxBytesPerPoll", 4L << 20, "maxPointsPerEvent", 100,
                "maxTags", 64, "maxDepth", 4, "maxEntries", 2000, "readTimeout", Duration.ofSeconds(3)));
        poller.config = config(LauncherConfig.class, Map.of("progress", progress));
        poller.running = new RunningTasks();
        poller.store = new LauncherStore() {
            @Override
            public LaunchedTaskEntity find(String taskId) {
                LaunchedTaskEntity task = new LaunchedTaskEntity();
                task.placement = EventCodec.json(new TaskPlacement("chief-0", 0, "local", "localhost", List.of(),
                        new Resources(1, 64, 0, 0), List.of(), new LaunchSpec("file:///x.tar.gz", "python x.py",
                        Map.of(), null, Map.of(), List.of(), "vision")));
                return task;
            }
        };
        poller.reporter = new StatusReporter() {
            @Override
            public boolean progress(JobProgress progress, Duration timeout) {
                attempts.add(progress.jobId());
                timeouts.add(timeout);
                if (!brokerUp) {
                    throw new IllegalStateException("broker down");
                }
                sent.add(progress);
                return true;
            }
        };
        poller.metrics = new SimpleMeterRegistry();
        poller.meters();
        return poller;
    }

    void running(ProgressPoller poller, String jobId) throws IOException {
        Path sandbox = Files.createDirectories(dir.resolve(jobId));
        Files.writeString(sandbox.resolve(ProgressLines.FILE), "{\"step\": 1, \"loss\": 0.5}\n");
        poller.running.reported(new TaskStatusChanged(jobId, "chief-0", 0, jobId + ".chief-0.0", TaskState.RUNNING,
                null, null, null, "local", "localhost", List.of(), sandbox.toString(), null, Instant.now()));
    }

    @Test
    void aFailedSendEndsTheRoundAndItsDataIsSentOnceTheBrokerIsBack() throws IOException {
        ProgressPoller poller = poller();
        running(poller, "job-a");
        running(poller, "job-b");

        poller.pollAll();
        assertThat(attempts).containsExactly("job-a"); // job-b waits: the broker is likely down
        poller.pollAll();
        assertThat(attempts).containsExactly("job-a", "job-b"); // the next round starts after job-a
        brokerUp = true;
        poller.pollAll();
        poller.pollAll();

        assertThat(sent).extracting(JobProgress::jobId).containsExactly("job-a", "job-b");
        assertThat(sent).allSatisfy(p -> assertThat(p.points()).containsExactly(new ScalarPoint("loss", 1, 0.5)));
        assertThat(timeouts).containsOnly(ProgressPoller.PUBLISH_TIMEOUT);
        assertThat(ProgressPoller.PUBLISH_TIMEOUT).isLessThanOrEqualTo(Duration.ofSeconds(5));
        assertThat(poller.metrics.counter("mesoflow.progress.events.failed").count()).isEqualTo(2);
        assertThat(poller.metrics.counter("mesoflow.progress.events.published").count()).isEqualTo(2);
    }

    @Test
    void aRunThatEndsBetweenTwoPollsIsReadOnceMoreSoItsFinalStepIsShown() throws IOException {
        brokerUp = true;
        ProgressPoller poller = poller();
        running(poller, "job-a");
        poller.pollAll();
        Path sandbox = dir.resolve("job-a");
        Files.writeString(sandbox.resolve(ProgressLines.FILE), "{\"step\": 900, \"loss\": 0.1}\n",
                java.nio.file.StandardOpenOption.APPEND);
        poller.running.reported(new TaskStatusChanged("job-a", "chief-0", 0, "job-a.chief-0.0", TaskState.FINISHED,
                null, null, null, "local", "localhost", List.of(), sandbox.toString(), null, Instant.now()));
        assertThat(poller.running.jobs()).isEmpty();

        poller.pollAll();
        poller.pollAll(); // read once, then forgotten

        assertThat(sent).extracting(JobProgress::step).containsExactly(1L, 900L);
    }

    static TaskStatusChanged ended(Path sandbox, String jobId, String taskName) {
        return new TaskStatusChanged(jobId, taskName, 0, jobId + "." + taskName + ".0", TaskState.FINISHED, null, null,
                null, "local", "localhost", List.of(), sandbox.toString(), null, Instant.now());
    }

    @Test
    void theFinalStepOfARunIsPublishedBeforeItsEndIs() throws IOException {
        brokerUp = true;
        ProgressPoller poller = poller();
        running(poller, "job-a");
        poller.pollAll(); // step 1, the one reading the interval allowed while it ran
        Path sandbox = dir.resolve("job-a");
        Files.writeString(sandbox.resolve(ProgressLines.FILE), "{\"step\": 400, \"loss\": 0.1}\n",
                java.nio.file.StandardOpenOption.APPEND);
        poller.takeOver();
        try {
            poller.beforeEnd(new TaskEnding(ended(sandbox, "job-a", "chief-0"))); // the end is not published yet

            assertThat(sent).extracting(JobProgress::step).containsExactly(1L, 400L);
            assertThat(sent.get(1).points()).containsExactly(new ScalarPoint("loss", 400, 0.1));
        } finally {
            poller.stepDown();
        }
        poller.running.reported(ended(sandbox, "job-a", "chief-0"));
        poller.pollAll(); // the last read after the end finds nothing new

        assertThat(sent).hasSize(2);
    }

    @Test
    void theEndOfATaskThatDoesNotReportProgressReadsNothing() throws IOException {
        brokerUp = true;
        ProgressPoller poller = poller();
        running(poller, "job-a");
        poller.running.reported(new TaskStatusChanged("job-a", "worker-0", 0, "job-a.worker-0.0", TaskState.RUNNING,
                null, null, null, "local", "localhost", List.of(), dir.toString(), null, Instant.now()));
        poller.takeOver();
        try {
            poller.beforeEnd(new TaskEnding(ended(dir, "job-a", "worker-0"))); // chief-0 reports for the job

            assertThat(attempts).isEmpty();
        } finally {
            poller.stepDown();
        }
    }

    @Test
    void noFinalReadingIsMadeByALauncherThatDoesNotPoll() throws IOException {
        brokerUp = true;
        ProgressPoller poller = poller();
        running(poller, "job-a");

        poller.beforeEnd(new TaskEnding(ended(dir.resolve("job-a"), "job-a", "chief-0")));

        assertThat(attempts).isEmpty();
    }

    @Test
    void aLastReadThatCannotBePublishedIsOfferedAgain() throws IOException {
        ProgressPoller poller = poller();
        running(poller, "job-a");
        poller.running.reported(new TaskStatusChanged("job-a", "chief-0", 0, "job-a.chief-0.0", TaskState.KILLED,
                null, null, null, "local", "localhost", List.of(), dir.resolve("job-a").toString(), null,
                Instant.now()));
        poller.pollAll();
        assertThat(sent).isEmpty();
        brokerUp = true;
        poller.pollAll();
        poller.pollAll();
        assertThat(sent).extracting(JobProgress::jobId).containsExactly("job-a");
    }
}
