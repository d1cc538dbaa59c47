package io.mesoflow.e2e;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mesoflow.testing.LocalStack;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** What the end-to-end tests do as a user: read example specs, submit, poll, find task processes. */
public final class Jobs {
    /** A request to the stack's job-api as its admin. */
    public static io.restassured.specification.RequestSpecification api(LocalStack stack) {
        return given().baseUri(stack.apiUrl()).header("Authorization", "Bearer " + stack.adminToken());
    }

    static final ObjectMapper JSON = new ObjectMapper();
    static final Path EXAMPLE = LocalStack.repositoryRoot().resolve("examples/ps-training");

    private Jobs() {
    }

    /** An example spec with its relative artifact resolved, as the CLI does. */
    static ObjectNode example(String file) throws IOException {
        ObjectNode spec = (ObjectNode) JSON.readTree(EXAMPLE.resolve(file).toFile());
        spec.put("artifactUrl", EXAMPLE.resolve(spec.get("artifactUrl").asText()).toUri().toString());
        return spec;
    }

    /** The distributed example, training for {@code maxSteps} with a delay per step, to act on it mid-training. */
    static ObjectNode longTraining(int maxSteps) throws IOException {
        ObjectNode spec = example("multi-worker.json");
        ((ObjectNode) spec.get("context")).put("target_loss", 0.0).put("max_steps", maxSteps).put("step_delay", 0.05);
        return spec;
    }

    static String submit(LocalStack stack, JsonNode spec) {
        return Jobs.api(stack).contentType("application/json").body(spec.toString())
                .when().post("/api/v1/jobs")
                .then().statusCode(201).extract().path("id");
    }

    static JsonPath get(LocalStack stack, String id) {
        return Jobs.api(stack).get("/api/v1/jobs/" + id).then().statusCode(200).extract().jsonPath();
    }

    static JsonNode attempts(LocalStack stack, String id) throws IOException {
        return JSON.readTree(Jobs.api(stack).get("/api/v1/jobs/" + id + "/tasks")
                .then().statusCode(200).extract().asString());
    }

    static JsonPath awaitState(LocalStack stack, String id, Duration timeout, String... states) {
        JsonPath[] last = new JsonPath[1];
        List<String> wanted = List.of(states);
        await().atMost(timeout).pollInterval(Duration.ofMillis(200)).until(() -> {
            last[0] = get(stack, id);
            return wanted.contains(last[0].getString("state"));
        });
        return last[0];
    }

    static JsonPath awaitEnd(LocalStack stack, String id, Duration timeout) {
        return awaitState(stack, id, timeout, "SUCCEEDED", "FAILED", "CANCELLED");
    }

    /** kill -9 the python process of one task attempt (on the stack's local backend). */
    static void killPython(LocalStack stack, String jobId, String task, int attempt) throws Exception {
        Path sandbox = stack.work().resolve("sandboxes").resolve(jobId).resolve(task).resolve(String.valueOf(attempt));
        long pid = await().atMost(Duration.ofSeconds(30)).until(() -> io.mesoflow.testing.TaskProcesses.pythonIn(sandbox),
                java.util.Optional::isPresent).get();
        new ProcessBuilder("kill", "-9", String.valueOf(pid)).start().waitFor();
    }

    /** Processes whose working directory is under {@code dir} (a task's sandbox). */
    static List<Long> processesRunningIn(Path dir) {
        return io.mesoflow.testing.TaskProcesses.runningIn(dir);
    }
}
