package io.mesoflow.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.mesoflow.api.service.HistoryPruner;
import io.mesoflow.events.JobState;
import io.mesoflow.events.JobStatusChanged;
import io.mesoflow.events.TaskState;
import io.mesoflow.events.TaskStatusChanged;
import io.mesoflow.events.TaskUsageRecorded;
import io.mesoflow.events.Topics;
import io.mesoflow.testing.MesoflowTestResource;
import io.mesoflow.testing.TestInfra;
import io.mesoflow.testing.TestTopics;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A finished job keeps its history until the retention prunes it. */
@QuarkusTest
@WithTestResource(MesoflowTestResource.class)
class HistoryIT {
    static final String SPEC = """
            {"name": "hist", "artifactUrl": "file:///opt/train.py", "entryPoint": "python3 train.py",
             "roles": {"worker": {"count": 1, "cpus": 1, "mem": 256, "gpus": 1}}, "tensorboard": true}
            """;
    static TestTopics topics;

    @Inject
    HistoryPruner pruner;

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

    String finishedJob() {
        String id = admin().body(SPEC).post("/api/v1/jobs").then().statusCode(201).extract().path("id");
        Instant start = Instant.now().minusSeconds(7200);
        Instant end = Instant.now();
        for (String task : List.of("worker-0", "tensorboard-0")) {
            topics.send(Topics.TASK_STATUS, TaskStatusChanged.of(id, task, 0, id + "." + task + ".0", TaskState.RUNNING)
                    .onAgent("agent-1", "gpu-host-1", List.of(task.startsWith("t") ? 6006 : 2222))
                    .withSandbox("/sandboxes/" + id + "/" + task, null).at(start));
        }
        topics.send(Topics.TASK_STATUS, TaskStatusChanged.of(id, "worker-0", 0, id + ".worker-0.0", TaskState.FINISHED)
                .withReason("REASON_COMMAND_EXECUTOR_FAILED", "exited").withExitCode(0)
                .onAgent("agent-1", "gpu-host-1", List.of(2222)).withSandbox("/sandboxes/" + id + "/worker-0", null)
                .at(end));
        topics.send(Topics.TASK_STATUS, TaskStatusChanged.of(id, "tensorboard-0", 0, id + ".tensorboard-0.0",
                TaskState.KILLED).onAgent("agent-1", "gpu-host-1", List.of(6006)).at(end));
        topics.send(Topics.JOB_STATUS, new TaskUsageRecorded(id, "default", "worker-0", 0, 1, 1, start, end, 7200, 7200));
        topics.send(Topics.JOB_STATUS, new JobStatusChanged(id, JobState.SUCCEEDED, "the chief finished", null, end));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> admin().get("/api/v1/jobs/" + id).then()
                .body("state", equalTo("SUCCEEDED")).body("gpuHours", equalTo(2.0f))
                // task and job status travel on two topics: wait for both to be applied
                .body("tasks.find { it.name == 'worker-0' }.state", equalTo("FINISHED"))
                .body("tasks.find { it.name == 'tensorboard-0' }.state", equalTo("KILLED")));
        return id;
    }

    @Test
    void aFinishedJobKeepsItsRunTimeGpuHoursTensorBoardAddressAndExitCodes() {
        String id = finishedJob();

        admin().get("/api/v1/jobs/" + id).then().statusCode(200)
                .body("tasks.find { it.name == 'tensorboard-0' }.address", equalTo("gpu-host-1:6006"))
                .body("tensorboardUrl", org.hamcrest.Matchers.nullValue())
                .body("runSeconds", org.hamcrest.Matchers.greaterThanOrEqualTo(7199))
                .body("outputDir", org.hamcrest.Matchers.endsWith(id))
                .body("reason", equalTo("the chief finished"));
        admin().get("/api/v1/jobs/" + id + "/tasks").then()
                .body("find { it.name == 'worker-0' }.exitCode", equalTo(0));
        admin().get("/api/v1/jobs?ended=true").then().body("id", hasItem(id));
        admin().get("/api/v1/jobs?ended=false").then().body("id", not(hasItem(id)));
    }

    @Test
    void theRetentionPrunesEndedJobsAndKeepsLiveOnes() {
        String ended = finishedJob();
        String live = admin().body(SPEC).post("/api/v1/jobs").then().statusCode(201).extract().path("id");

        int pruned = pruner.prune(Instant.now().plusSeconds(60));

        assertThat(pruned).isGreaterThanOrEqualTo(1);
        admin().get("/api/v1/jobs/" + ended).then().statusCode(404);
        admin().get("/api/v1/jobs/" + live).then().statusCode(200);
    }
}
