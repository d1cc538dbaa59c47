package io.mesoflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mesoflow.events.EventCodec;
import io.mesoflow.events.JobProgress;
import io.mesoflow.events.ProgressSource;
import io.mesoflow.events.Topics;
import io.mesoflow.testing.LocalStack;
import io.mesoflow.testing.SharedStack;
import io.mesoflow.testing.TaskProcesses;
import io.mesoflow.testing.TestTopics;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * TensorFlow itself, through the five running services over Kafka and PostgreSQL: the examples as a
 * user submits them, with the job's {@code python} environment built by the tasks (once, cached
 * outside the clone under {@code /var/cache/mesoflow/envs}; the first run on a machine builds it).
 */
class TensorFlowEndToEndIT {
    /** The first job on a fresh machine builds the TensorFlow environment (pip, ~1-2 min on 2 cores). */
    static final Duration FIRST_START = Duration.ofMinutes(10);
    static final Pattern STEP_LOSS = Pattern.compile("step (\\d+) loss ([0-9.]+)");
    static LocalStack stack;

    @BeforeAll
    static void startTheSystem() {
        stack = SharedStack.get();
    }

    /** An example of examples/ with its relative artifact resolved, as the CLI does. */
    static ObjectNode example(String path) throws IOException {
        Path file = LocalStack.repositoryRoot().resolve("examples").resolve(path);
        ObjectNode spec = (ObjectNode) Jobs.JSON.readTree(file.toFile());
        spec.put("artifactUrl", file.getParent().resolve(spec.get("artifactUrl").asText()).toUri().toString());
        return spec;
    }

    static Path sandbox(String jobId, String task, int attempt) {
        return stack.work().resolve("sandboxes").resolve(jobId).resolve(task).resolve(String.valueOf(attempt));
    }

    static String stdout(String jobId, String task, int attempt) throws IOException {
        Path file = sandbox(jobId, task, attempt).resolve("stdout");
        return Files.exists(file) ? Files.readString(file) : "";
    }

    static List<Double> losses(String stdout) {
        List<Double> losses = new ArrayList<>();
        Matcher m = STEP_LOSS.matcher(stdout);
        while (m.find()) {
            losses.add(Double.parseDouble(m.group(2)));
        }
        return losses;
    }

    static JsonNode attempt(String jobId, String task, int attempt) throws IOException {
        for (JsonNode a : Jobs.attempts(stack, jobId)) {
            if (a.path("name").asText().equals(task) && a.path("attempt").asInt(-1) == attempt) {
                return a;
            }
        }
        return null;
    }

    static String httpGet(String url) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? response.body() : "";
        } catch (IOException | InterruptedException e) {
            return "";
        }
    }

    @Test
    void parameterServerTrainingWithTensorBoardSurvivesAWorkerKill() throws Exception {
        ObjectNode spec = example("tf-ps-training/local.json");
        ((ObjectNode) spec.get("context")).put("max_steps", 3000); // long enough to kill a worker mid-training
        String id = Jobs.submit(stack, spec);

        Jobs.awaitState(stack, id, FIRST_START, "RUNNING");
        await().atMost(Duration.ofMinutes(3)).until(() -> losses(stdout(id, "chief-0", 0)).size() >= 1);

        Jobs.killPython(stack, id, "worker-1", 0);
        await().atMost(Duration.ofMinutes(3)).untilAsserted(() -> {
            JsonNode again = attempt(id, "worker-1", 1);
            assertThat(again).as("worker-1 relaunched").isNotNull();
            assertThat(again.path("ready").asBoolean(false)).as("worker-1 serves its port again: %s", again).isTrue();
        });
        String[] tags = {""};
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).until(() -> {
            String url = Jobs.get(stack, id).getString("tensorboardUrl");
            tags[0] = url == null ? "" : httpGet(url.replaceAll("/+$", "") + "/data/plugin/scalars/tags");
            return tags[0].contains("loss");
        });
        assertThat(Jobs.get(stack, id).getString("state")).as("TensorBoard answered while the job ran")
                .isEqualTo("RUNNING");

        JsonPath job = Jobs.awaitEnd(stack, id, Duration.ofMinutes(5));
        assertThat(job.getString("state")).as("job %s: %s", id, job.getString("reason")).isEqualTo("SUCCEEDED");
        List<Double> losses = losses(stdout(id, "chief-0", 0));
        assertThat(losses.get(losses.size() - 1)).as("loss decreases: %s", losses).isLessThan(losses.get(0));
        Path output = Path.of(job.getString("outputDir"));
        try (Stream<Path> files = Files.walk(output)) {
            assertThat(files.map(p -> p.getFileName().toString())).anyMatch(n -> n.endsWith(".index"));
        }
        assertThat(stdout(id, "evaluator-0", 0)).contains("scored the final checkpoint");
        assertProgressWasPublished(id, 3000);
        JsonNode worker0 = attempt(id, "worker-0", 0);
        assertThat(Jobs.JSON.readTree(Files.readString(sandbox(id, "worker-0", 0).resolve("tf_config.json"))))
                .as("the TF_CONFIG the API shows is the one the task got").isEqualTo(worker0.get("tfConfig"));
        assertThat(worker0.get("tfConfig").path("cluster").path("ps")).hasSize(2);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            for (String task : List.of("chief-0", "ps-0", "ps-1", "worker-0", "worker-1", "evaluator-0")) {
                assertThat(TaskProcesses.runningIn(stack.work().resolve("sandboxes").resolve(id).resolve(task)))
                        .as("%s stopped with the job (TensorBoard lingers, see tensorboard-linger)", task).isEmpty();
            }
        });
    }

    /**
     * The leader read the chief's progress from real TensorFlow's event files and checkpoints: several
     * JobProgress records, the step rising, the context's total, train/loss, a checkpoint. Prints what
     * reading cost the launcher (its metrics) and the records per minute.
     */
    static void assertProgressWasPublished(String id, long maxSteps) {
        List<TestTopics.Timed> records;
        try (TestTopics topics = new TestTopics(stack.kafka().bootstrapServers(), "")) {
            records = topics.readAll(Topics.PROGRESS, Duration.ofSeconds(4));
        }
        List<JobProgress> progress = records.stream().map(r -> EventCodec.decode(r.value()))
                .filter(e -> e instanceof JobProgress p && p.jobId().equals(id)).map(JobProgress.class::cast).toList();
        assertThat(progress).as("JobProgress records of %s", id).hasSizeGreaterThanOrEqualTo(2);
        assertThat(progress).extracting(JobProgress::step).isSorted();
        assertThat(progress.get(progress.size() - 1).step()).isGreaterThan(progress.get(0).step());
        assertThat(progress).allSatisfy(p -> {
            assertThat(p.taskName()).isEqualTo("chief-0");
            assertThat(p.source()).isEqualTo(ProgressSource.TENSORBOARD);
            assertThat(p.totalSteps()).isEqualTo(maxSteps);
        });
        assertThat(progress).anySatisfy(p -> assertThat(p.scalars()).containsKey("train/loss"));
        assertThat(progress).anySatisfy(p -> assertThat(p.checkpointStep()).isNotNull());
        List<Long> times = records.stream().filter(r -> r.value().contains(id)).map(TestTopics.Timed::timestamp).toList();
        double minutes = Math.max(1, times.get(times.size() - 1) - times.get(0)) / 60_000.0;
        String metrics = stack.leadingLauncher().map(l -> httpGet(l.url() + "/q/metrics")).orElse("");
        System.out.printf("progress of %s: %d JobProgress records over %.1f min (%.1f per minute); launcher: %s%n", id,
                progress.size(), minutes, progress.size() / minutes, metrics.lines()
                        .filter(l -> l.startsWith("mesoflow_progress_")).toList());
    }

    @Test
    void allReduceTrainingRestartsItsGangOnceAfterAWorkerKillAndResumesFromItsCheckpoint() throws Exception {
        ObjectNode spec = example("tf-allreduce/local.json");
        // long enough to kill a worker mid-training: the kill follows the first epoch's checkpoint within a
        // second, and 29 epochs more take ~11 s on 2 busy cores (60 epochs only made the relaunched gang train longer)
        ((ObjectNode) spec.get("context")).put("epochs", 30);
        String id = Jobs.submit(stack, spec);
        Jobs.awaitState(stack, id, FIRST_START, "RUNNING");
        Path output = Path.of(Jobs.get(stack, id).getString("outputDir"));
        await().atMost(Duration.ofMinutes(3)).until(() -> hasCheckpoint(output));

        Jobs.killPython(stack, id, "worker-1", 0);

        JsonPath job = Jobs.awaitEnd(stack, id, Duration.ofMinutes(6));
        assertThat(job.getString("state")).as("job %s: %s", id, job.getString("reason")).isEqualTo("SUCCEEDED");
        List<String> names = new ArrayList<>();
        Jobs.attempts(stack, id).forEach(a -> names.add(a.path("name").asText() + "/" + a.path("attempt").asInt()));
        assertThat(names).as("the whole gang restarted once").contains("worker-0/1", "worker-1/1")
                .doesNotContain("worker-0/2", "worker-1/2");
        String resumed = stdout(id, "worker-0", 1) + stdout(id, "chief-0", 1);
        assertThat(resumed).contains("resumed from");
    }

    private static boolean hasCheckpoint(Path output) {
        if (!Files.isDirectory(output)) {
            return false;
        }
        try (Stream<Path> files = Files.walk(output)) {
            return files.anyMatch(p -> p.getFileName().toString().endsWith(".index"));
        } catch (IOException | java.io.UncheckedIOException racing) {
            return false;
        }
    }

    @Test
    void twoTasksOfAJobWithPythonRequirementsShareOneEnvironmentBuild() throws Exception {
        ObjectNode spec = Jobs.example("multi-worker.json");
        spec.remove("roles");
        spec.set("roles", Jobs.JSON.readTree("{\"worker\": {\"count\": 2, \"cpus\": 0.1, \"mem\": 128}}"));
        spec.put("entryPoint", "python -c 'import six, sys; print(\"python\", sys.prefix)'");
        spec.put("successPolicy", "AllWorkers");
        // a requirement no earlier run asked for (any six satisfies it): a new digest, so this job builds
        spec.set("python", Jobs.JSON.readTree("{\"requirements\": [\"six>=1.0." + System.nanoTime() % 100_000
                + "\"]}"));

        JsonPath job = Jobs.awaitEnd(stack, Jobs.submit(stack, spec), Duration.ofMinutes(3));
        String id = job.getString("id");

        assertThat(job.getString("state")).as(job.getString("reason")).isEqualTo("SUCCEEDED");
        String stderr0 = Files.readString(sandbox(id, "worker-0", 0).resolve("stderr"));
        String stderr1 = Files.readString(sandbox(id, "worker-1", 0).resolve("stderr"));
        assertThat(Stream.of(stderr0, stderr1).filter(e -> e.contains("environment built in")))
                .as("one build:\n%s\n%s", stderr0, stderr1).hasSize(1);
        String prefix0 = stdout(id, "worker-0", 0).trim();
        assertThat(prefix0).startsWith("python /var/cache/mesoflow/envs/").isEqualTo(stdout(id, "worker-1", 0).trim());
        deleteTree(Path.of(prefix0.substring("python ".length()))); // one-off: do not let runs pile up
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
