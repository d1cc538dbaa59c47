package io.mesoflow.api;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.mesoflow.events.LaunchSpec;
import io.mesoflow.events.Resources;
import io.mesoflow.events.TaskPlacement;
import io.mesoflow.events.TaskState;
import io.mesoflow.events.TaskStatusChanged;
import io.mesoflow.events.TasksPlaced;
import io.mesoflow.events.TfConfig;
import io.mesoflow.events.Topics;
import io.mesoflow.testing.MesoflowTestResource;
import io.mesoflow.testing.TestInfra;
import io.mesoflow.testing.TestTopics;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What job-api shows of placement and readiness: each attempt's TF_CONFIG (from {@code TasksPlaced}),
 * whether it is ready (from {@code TaskStatusChanged.ready}), and the TensorBoard URL only while
 * TensorBoard answers.
 */
@QuarkusTest
@WithTestResource(MesoflowTestResource.class)
class TfConfigAndReadinessIT {
    static final String SPEC = """
            {"name": "seen", "artifactUrl": "file:///opt/train.py", "entryPoint": "python3 train.py",
             "roles": {"ps": {"count": 1, "cpus": 0.5, "mem": 256}, "worker": {"count": 1, "cpus": 0.5, "mem": 256}},
             "tensorboard": true}
            """;
    static final String PS_TF_CONFIG =
            "{\"cluster\":{\"ps\":[\"ps-host:2223\"],\"worker\":[\"w-host:2222\"]},\"task\":{\"type\":\"ps\",\"index\":0}}";

    static TestTopics topics;

    @BeforeAll
    static void connect() {
        topics = TestTopics.forCurrentTest();
    }

    @AfterAll
    static void close() {
        topics.close();
    }

    static RequestSpecification admin() {
        return given().header("Authorization", "Bearer " + TestInfra.ADMIN_TOKEN).contentType("application/json");
    }

    static TaskPlacement placement(String task, String host, int port, Map<String, String> env, TfConfig tfConfig) {
        return new TaskPlacement(task, 0, "agent-" + host, host, List.of("offer-" + host), new Resources(0.5, 256, 0, 0),
                List.of(port), new LaunchSpec("file:///opt/train.py", "python3 train.py", Map.of(), "/out", env,
                        List.of(), "default", tfConfig));
    }

    static TaskStatusChanged status(String id, String task, TaskState state, String host, int port) {
        return TaskStatusChanged.of(id, task, 0, id + "." + task + ".0", state).onAgent("agent-" + host, host,
                List.of(port)).withSandbox("/sandboxes/" + id + "/" + task + "/0", null);
    }

    /** A job placed (worker with a typed TF_CONFIG, ps with an old record's, TensorBoard with none) and running. */
    static String placedAndRunning() {
        String id = admin().body(SPEC).post("/api/v1/jobs").then().statusCode(201).extract().path("id");
        TfConfig worker = new TfConfig(Map.of("ps", List.of("ps-host:2223"), "worker", List.of("w-host:2222")),
                new TfConfig.Task("worker", 0));
        topics.send(Topics.PLACEMENTS, new TasksPlaced(id, 1, List.of(
                placement("ps-0", "ps-host", 2223, Map.of("TF_CONFIG", PS_TF_CONFIG), null),
                placement("worker-0", "w-host", 2222, Map.of(), worker),
                placement("tensorboard-0", "tb-host", 6006, Map.of(), null)), Instant.now()));
        topics.send(Topics.TASK_STATUS, status(id, "ps-0", TaskState.RUNNING, "ps-host", 2223));
        topics.send(Topics.TASK_STATUS, status(id, "worker-0", TaskState.RUNNING, "w-host", 2222));
        topics.send(Topics.TASK_STATUS, status(id, "tensorboard-0", TaskState.RUNNING, "tb-host", 6006));
        return id;
    }

    @Test
    void eachAttemptShowsTheTfConfigPlacementGaveItAndKeepsItAfterItEnds() {
        String id = placedAndRunning();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> admin().get("/api/v1/jobs/" + id).then()
                .body("tasks.find { it.name == 'worker-0' }.tfConfig.task.type", equalTo("worker"))
                .body("tasks.find { it.name == 'worker-0' }.tfConfig.task.index", equalTo(0))
                .body("tasks.find { it.name == 'worker-0' }.tfConfig.cluster.ps[0]", equalTo("ps-host:2223"))
                .body("tasks.find { it.name == 'ps-0' }.tfConfig.task.type", equalTo("ps"))
                .body("tasks.find { it.name == 'ps-0' }.tfConfig.cluster.worker[0]", equalTo("w-host:2222"))
                .body("tasks.find { it.name == 'tensorboard-0' }.state", equalTo("RUNNING"))
                .body("tasks.find { it.name == 'tensorboard-0' }.tfConfig", nullValue()));

        topics.send(Topics.TASK_STATUS, status(id, "worker-0", TaskState.FINISHED, "w-host", 2222).withExitCode(0));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> admin().get("/api/v1/jobs/" + id + "/tasks").then()
                .body("find { it.name == 'worker-0' }.state", equalTo("FINISHED"))
                .body("find { it.name == 'worker-0' }.tfConfig.task.type", equalTo("worker")));
    }

    @Test
    void theTensorBoardUrlIsShownOnlyWhileTensorBoardRunsAndAcceptsConnections() {
        String id = placedAndRunning();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> admin().get("/api/v1/jobs/" + id).then()
                .body("tasks.find { it.name == 'tensorboard-0' }.state", equalTo("RUNNING"))
                .body("tasks.find { it.name == 'tensorboard-0' }.ready", nullValue())
                .body("tensorboardUrl", nullValue()));

        topics.send(Topics.TASK_STATUS, status(id, "tensorboard-0", TaskState.RUNNING, "tb-host", 6006)
                .withReason(null, "waiting for port 6006 to accept connections").withReady(false));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> admin().get("/api/v1/jobs/" + id).then()
                .body("tasks.find { it.name == 'tensorboard-0' }.ready", equalTo(false))
                .body("tensorboardUrl", nullValue()));

        topics.send(Topics.TASK_STATUS, status(id, "tensorboard-0", TaskState.RUNNING, "tb-host", 6006)
                .withReason(null, "ready: port 6006 accepts connections").withReady(true));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> admin().get("/api/v1/jobs/" + id).then()
                .body("tasks.find { it.name == 'tensorboard-0' }.ready", equalTo(true))
                .body("tensorboardUrl", equalTo("http://tb-host:6006")));

        topics.send(Topics.TASK_STATUS, status(id, "tensorboard-0", TaskState.KILLED, "tb-host", 6006));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> admin().get("/api/v1/jobs/" + id).then()
                .body("tasks.find { it.name == 'tensorboard-0' }.state", equalTo("KILLED"))
                .body("tasks.find { it.name == 'tensorboard-0' }.ready", nullValue())
                .body("tasks.find { it.name == 'tensorboard-0' }.address", equalTo("tb-host:6006"))
                .body("tensorboardUrl", nullValue()));
    }
}
