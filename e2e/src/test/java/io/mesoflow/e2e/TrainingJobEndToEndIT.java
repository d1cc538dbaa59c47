package io.mesoflow.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mesoflow.testing.LocalStack;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A user's view: submit the example jobs over HTTP to the five running services, watch them finish. */
class TrainingJobEndToEndIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Path EXAMPLE = LocalStack.repositoryRoot().resolve("examples/ps-training");
    static LocalStack stack;

    @BeforeAll
    static void startTheSystem() {
        stack = new LocalStack(LocalStack.repositoryRoot(), Path.of("target/e2e").toAbsolutePath(), Map.of(
                "mesoflow.launcher.local.cpus", "8",
                "mesoflow.launcher.local.mem-mb", "8192",
                "mesoflow.launcher.local.gpus", "0",
                "mesoflow.launcher.local.ports", "33000-33199",
                "mesoflow.launcher.local.offer-interval", "250ms")).start();
    }

    @AfterAll
    static void stopTheSystem() {
        if (stack != null) {
            stack.close();
        }
    }

    /** An example spec with its relative artifact resolved, as the CLI does. */
    static String spec(String file) throws IOException {
        ObjectNode spec = (ObjectNode) JSON.readTree(EXAMPLE.resolve(file).toFile());
        spec.put("artifactUrl", EXAMPLE.resolve(spec.get("artifactUrl").asText()).toUri().toString());
        return spec.toString();
    }

    static String submit(String specJson) {
        return given().baseUri(stack.apiUrl()).contentType("application/json").body(specJson)
                .when().post("/api/v1/jobs")
                .then().statusCode(201).extract().path("id");
    }

    static JsonPath awaitEnd(String id, Duration timeout) {
        JsonPath[] last = new JsonPath[1];
        await().atMost(timeout).pollInterval(Duration.ofMillis(250)).until(() -> {
            last[0] = given().baseUri(stack.apiUrl()).get("/api/v1/jobs/" + id).then().statusCode(200)
                    .extract().jsonPath();
            return List.of("SUCCEEDED", "FAILED", "CANCELLED").contains(last[0].getString("state"));
        });
        return last[0];
    }

    @Test
    void distributedExampleTrainsToSuccessAndLeavesAFullHistory() throws Exception {
        String id = submit(spec("multi-worker.json"));

        JsonPath job = awaitEnd(id, Duration.ofSeconds(180));

        assertThat(job.getString("state")).as("job %s ended: %s", id, job.getString("reason")).isEqualTo("SUCCEEDED");
        assertThat(job.getString("reason")).isEqualTo("chief-0 exited 0");
        Path output = Path.of(job.getString("outputDir"));
        List<String> metrics = Files.readAllLines(output.resolve("metrics.jsonl"));
        double firstLoss = JSON.readTree(metrics.get(0)).get("loss").asDouble();
        double lastLoss = JSON.readTree(metrics.get(metrics.size() - 1)).get("loss").asDouble();
        assertThat(lastLoss).isLessThan(firstLoss);
        assertThat(output.resolve("checkpoint.json")).exists();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode attempts = JSON.readTree(given().baseUri(stack.apiUrl()).get("/api/v1/jobs/" + id + "/tasks")
                    .then().statusCode(200).extract().asString());
            assertThat(attempts).extracting(a -> a.get("name").asText())
                    .containsExactlyInAnyOrder("chief-0", "ps-0", "ps-1", "worker-0", "worker-1", "worker-2");
            for (JsonNode a : attempts) {
                assertThat(a.get("state").asText()).as(a.toString()).isIn("FINISHED", "KILLED");
                assertThat(a.get("address").asText()).as(a.toString()).startsWith("127.0.0.1:33");
                assertThat(a.get("startedAt").isNull()).as(a.toString()).isFalse();
                assertThat(a.get("endedAt").isNull()).as(a.toString()).isFalse();
                assertThat(Path.of(a.get("sandbox").asText()).resolve("stdout")).exists();
            }
        });
        assertThat(processesRunningIn(stack.work().resolve("sandboxes").resolve(id))).isEmpty();
    }

    @Test
    void singleWorkerExampleRunsWithoutACluster() throws Exception {
        String id = submit(spec("single-worker.json"));

        JsonPath job = awaitEnd(id, Duration.ofSeconds(120));

        assertThat(job.getString("state")).as(job.getString("reason")).isEqualTo("SUCCEEDED");
        assertThat(job.getString("reason")).isEqualTo("worker-0 exited 0");
        String stdout = Files.readString(Path.of(job.getString("tasks[0].sandbox")).resolve("stdout"));
        assertThat(stdout).contains("no TF_CONFIG cluster: training locally");
    }

    @Test
    void aFailingEntryPointFailsTheJobWithTheTaskAndExitCode() throws Exception {
        ObjectNode spec = (ObjectNode) JSON.readTree(spec("single-worker.json"));
        spec.put("entryPoint", "python3 -c 'import sys; sys.exit(4)'");

        JsonPath job = awaitEnd(submit(spec.toString()), Duration.ofSeconds(120));

        assertThat(job.getString("state")).isEqualTo("FAILED");
        assertThat(job.getString("reason")).isEqualTo("task worker-0 failed: exited with code 4");
    }

    /** Processes whose working directory is under {@code dir} (a task's sandbox). */
    static List<Long> processesRunningIn(Path dir) {
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.filter(p -> p.getFileName().toString().matches("\\d+"))
                    .filter(p -> {
                        try {
                            return Files.readSymbolicLink(p.resolve("cwd")).startsWith(dir);
                        } catch (IOException | UnsupportedOperationException e) {
                            return false;
                        }
                    })
                    .map(p -> Long.parseLong(p.getFileName().toString()))
                    .toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
