package io.mesoflow.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import io.mesoflow.events.JobCancelRequested;
import io.mesoflow.events.JobConfigChanged;
import io.mesoflow.events.JobState;
import io.mesoflow.events.JobStatusChanged;
import io.mesoflow.events.JobSubmitted;
import io.mesoflow.events.TaskState;
import io.mesoflow.events.TaskStatusChanged;
import io.mesoflow.events.Topics;
import io.mesoflow.testing.MesoflowTestResource;
import io.mesoflow.testing.TestTopics;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(MesoflowTestResource.class)
class JobApiIT {
    static final String SPEC = """
            {"name": "mnist", "artifactUrl": "file:///opt/train.py", "entryPoint": "python3 train.py",
             "context": {"lr": 0.1}, "roles": {"ps": {"count": 1, "cpus": 0.5, "mem": 256},
             "worker": {"count": 2, "cpus": 0.5, "mem": 256}}}
            """;

    static TestTopics topics;

    /** A request as the admin (who sees every team). */
    static io.restassured.specification.RequestSpecification admin() {
        return given().header("Authorization", "Bearer " + io.mesoflow.testing.TestInfra.ADMIN_TOKEN);
    }

    @BeforeAll
    static void connect() {
        topics = TestTopics.forCurrentTest();
    }

    @AfterAll
    static void close() {
        topics.close();
    }

    @Test
    void submittedJobIsStoredAndPublishedAsJobSubmitted() {
        String id = admin().contentType("application/json").body(SPEC)
                .when().post("/api/v1/jobs")
                .then().statusCode(201)
                .body("state", equalTo("SUBMITTED"))
                .body("name", equalTo("mnist"))
                .extract().path("id");

        JobSubmitted event = topics.await(Topics.JOBS, JobSubmitted.class, e -> e.jobId().equals(id),
                Duration.ofSeconds(30));
        assertThat(event.spec().role(io.mesoflow.events.Role.WORKER).count()).isEqualTo(2);
        assertThat(event.spec().outputDir()).endsWith("/" + id);
        admin().when().get("/api/v1/jobs/" + id).then().statusCode(200).body("spec.context.lr", equalTo(0.1f));
    }

    @Test
    void invalidSpecIsRejectedWithAProblemNamingEveryBadField() {
        admin().contentType("application/json")
                .body("{\"name\": \"Bad Name\", \"artifactUrl\": \"ftp://x/y.zip\", \"roles\": "
                        + "{\"worker\": {\"cpus\": -1}, \"wizard\": {}}, \"colour\": \"blue\"}")
                .when().post("/api/v1/jobs")
                .then().statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("title", equalTo("Invalid job spec"))
                .body("errors.field", containsInAnyOrder("colour", "name", "artifactUrl", "entryPoint",
                        "roles.wizard", "roles.worker.cpus"));
    }

    @Test
    void malformedJsonIsA400Problem() {
        admin().contentType("application/json").body("{not json")
                .when().post("/api/v1/jobs")
                .then().statusCode(400)
                .body("errors[0].reason", equalTo("the body is not valid JSON"));
    }

    @Test
    void unknownJobIsA404Problem() {
        admin().when().get("/api/v1/jobs/nope-00000000")
                .then().statusCode(404)
                .contentType(startsWith("application/problem+json"))
                .body("status", equalTo(404));
    }

    @Test
    void statusEventsUpdateTheReadModelAndOldOnesDoNotUndoNewerOnes() {
        String id = admin().contentType("application/json").body(SPEC).post("/api/v1/jobs").then().statusCode(201)
                .extract().path("id");
        Instant t = Instant.now();
        TaskStatusChanged running = TaskStatusChanged.of(id, "worker-0", 0, id + ".worker-0.0", TaskState.RUNNING)
                .onAgent("agent-1", "127.0.0.1", List.of(31005)).withSandbox("/sandbox/w0", null).at(t);
        topics.send(Topics.TASK_STATUS, running);
        topics.send(Topics.TASK_STATUS, TaskStatusChanged.of(id, "worker-0", 0, id + ".worker-0.0", TaskState.STAGING)
                .onAgent("agent-1", "127.0.0.1", List.of(31005)).withSandbox("/sandbox/w0", null)
                .at(t.minusSeconds(1)));
        topics.send(Topics.JOB_STATUS, new JobStatusChanged(id, JobState.RUNNING, null, null, t));
        topics.send(Topics.JOB_STATUS, new JobStatusChanged(id, JobState.QUEUED, "late", 1, t.minusSeconds(2)));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                admin().when().get("/api/v1/jobs/" + id).then().statusCode(200)
                        .body("state", equalTo("RUNNING"))
                        .body("tasks[0].state", equalTo("RUNNING"))
                        .body("tasks[0].address", equalTo("127.0.0.1:31005"))
                        .body("tasks[0].sandbox", equalTo("/sandbox/w0")));
    }

    @Test
    void malformedRecordIsDeadLetteredAndTheConsumerGoesOn() {
        String id = admin().contentType("application/json").body(SPEC).post("/api/v1/jobs").then().statusCode(201)
                .extract().path("id");
        topics.sendRaw(Topics.JOB_STATUS, id, "this is not an event");
        topics.send(Topics.JOB_STATUS, new JobStatusChanged(id, JobState.QUEUED, "waiting for offers", 1, Instant.now()));

        List<String> dead = topics.readUntil(Topics.deadLetter(Topics.JOB_STATUS),
                values -> values.contains("this is not an event"), Duration.ofSeconds(30));
        assertThat(dead).contains("this is not an event");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                admin().when().get("/api/v1/jobs/" + id).then().body("reason", equalTo("waiting for offers")));
    }

    @Test
    void healthAndMetricsAreServed() {
        admin().when().get("/q/health/ready").then().statusCode(200)
                .body("checks.name", hasItem("Database connections health check"))
                .body("checks.name", hasItem("SmallRye Reactive Messaging - readiness check"));
        admin().when().get("/q/metrics").then().statusCode(200);
    }

    String submit() {
        return admin().contentType("application/json").body(SPEC).post("/api/v1/jobs").then().statusCode(201)
                .extract().path("id");
    }

    @Test
    void patchingTheConfigMakesANewRevisionAndPublishesJobConfigChanged() {
        String id = submit();

        admin().contentType("application/merge-patch+json")
                .body("{\"context\": {\"lr\": 0.05}, \"roles\": {\"worker\": {\"count\": 3}}}")
                .when().patch("/api/v1/jobs/" + id)
                .then().statusCode(200)
                .body("revision", equalTo(2))
                .body("spec.context.lr", equalTo(0.05f))
                .body("spec.roles.worker.count", equalTo(3))
                .body("spec.roles.ps.count", equalTo(1));

        JobConfigChanged changed = topics.await(Topics.JOBS, JobConfigChanged.class, e -> e.jobId().equals(id),
                Duration.ofSeconds(30));
        assertThat(changed.revision()).isEqualTo(2);
        assertThat(changed.spec().context()).containsEntry("lr", 0.05);
        admin().when().get("/api/v1/jobs/" + id + "/revisions").then().statusCode(200)
                .body("revision", org.hamcrest.Matchers.contains(1, 2));
    }

    @Test
    void anUnsafeConfigChangeIsRejectedWithTheReason() {
        String id = submit();

        admin().contentType("application/json").body("{\"roles\": {\"ps\": {\"count\": 0}}, \"entryPoint\": \"x\"}")
                .when().patch("/api/v1/jobs/" + id)
                .then().statusCode(400)
                .body("errors.field", containsInAnyOrder("roles.ps.count", "entryPoint"));
    }

    @Test
    void cancellingPublishesJobCancelRequestedAndAnEndedJobCannotChange() {
        String id = submit();

        admin().contentType("application/json").body("{\"reason\": \"wrong data\"}")
                .when().post("/api/v1/jobs/" + id + "/cancel").then().statusCode(202);

        JobCancelRequested cancel = topics.await(Topics.JOBS, JobCancelRequested.class, e -> e.jobId().equals(id),
                Duration.ofSeconds(30));
        assertThat(cancel.reason()).isEqualTo("wrong data");
        topics.send(Topics.JOB_STATUS, new JobStatusChanged(id, JobState.CANCELLED, "wrong data", null, Instant.now()));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                admin().get("/api/v1/jobs/" + id).then().body("state", equalTo("CANCELLED")));
        admin().contentType("application/json").body("{\"context\": {\"lr\": 1}}")
                .when().patch("/api/v1/jobs/" + id).then().statusCode(409).body("title", equalTo("Conflict"));
        admin().when().post("/api/v1/jobs/" + id + "/cancel").then().statusCode(409);
    }

    @Test
    void theTimelineListsSubmissionStatesAndConfigChangesInOrder() {
        String id = submit();
        topics.send(Topics.JOB_STATUS, new JobStatusChanged(id, JobState.QUEUED, "waiting", 1, Instant.now()));
        topics.send(Topics.TASK_STATUS, TaskStatusChanged.of(id, "ps-0", 0, id + ".ps-0.0", TaskState.RUNNING)
                .withReason(null, "pid 7").onAgent("a", "h", List.of(1)));
        admin().contentType("application/json").body("{\"context\": {\"lr\": 0.3}}").patch("/api/v1/jobs/" + id)
                .then().statusCode(200);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                admin().when().get("/api/v1/jobs/" + id + "/events").then().statusCode(200)
                        .body("kind", org.hamcrest.Matchers.hasItems("JOB", "TASK", "CONFIG"))
                        .body("[0].state", equalTo("SUBMITTED")));
    }

    @Test
    void dcosTensorflowOptionsAreTranslatedAndSubmitted() throws Exception {
        String options = new String(JobApiIT.class.getResourceAsStream("/dcos/cifar-multiple.json").readAllBytes());

        String id = admin().contentType("application/json").body(options)
                .when().post("/api/v1/jobs/dcos")
                .then().statusCode(201)
                .body("job.name", equalTo("dev-tensorflow-cifar-multiple"))
                .body("nativeSpec.roles.ps.count", equalTo(1))
                .body("warnings", hasItem("service.tf_image has no MesoFlow equivalent and was ignored"))
                .extract().path("job.id");

        JobSubmitted submitted = topics.await(Topics.JOBS, JobSubmitted.class, e -> e.jobId().equals(id),
                Duration.ofSeconds(30));
        assertThat(submitted.spec().role(io.mesoflow.events.Role.GPU_WORKER).count()).isEqualTo(2);
        assertThat(submitted.spec().tensorboard()).isTrue();
    }

    @Test
    void aRepeatedSubmitWithTheSameIdempotencyKeyAnswersTheSameJob() {
        String key = "key-" + System.nanoTime();
        String first = admin().contentType("application/json").header("Idempotency-Key", key).body(SPEC)
                .post("/api/v1/jobs").then().statusCode(201).extract().path("id");

        String second = admin().contentType("application/json").header("Idempotency-Key", key).body(SPEC)
                .post("/api/v1/jobs").then().statusCode(200).extract().path("id");

        assertThat(second).isEqualTo(first);
        admin().contentType("application/json").header("Idempotency-Key", key).body(SPEC.replace("mnist", "other"))
                .post("/api/v1/jobs").then().statusCode(409);
    }

    @Test
    void listFiltersByTeamAndLabelAndPagesWithACursor() {
        String team = "team" + System.nanoTime();
        admin().contentType("application/json").body("{}").put("/api/v1/teams/" + team).then().statusCode(201);
        String spec = SPEC.replace("\"name\": \"mnist\"", "\"name\": \"mnist\", \"team\": \"" + team
                + "\", \"labels\": {\"project\": \"x\"}");
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(admin().contentType("application/json").body(spec).post("/api/v1/jobs").then().statusCode(201)
                    .extract().path("id"));
        }

        var first = admin().when().get("/api/v1/jobs?team=" + team + "&label=project=x&limit=2")
                .then().statusCode(200).extract();
        List<String> page1 = first.path("id");
        String cursor = first.header("Mesoflow-Next-Cursor");
        List<String> page2 = admin().when().get("/api/v1/jobs?team=" + team + "&limit=2&cursor=" + cursor)
                .then().statusCode(200).header("Mesoflow-Next-Cursor", org.hamcrest.Matchers.nullValue())
                .extract().path("id");

        assertThat(page1).hasSize(2);
        assertThat(page2).hasSize(1);
        assertThat(new java.util.ArrayList<>(page1) {{ addAll(page2); }}).containsExactlyInAnyOrderElementsOf(ids);
        admin().when().get("/api/v1/jobs?team=" + team + "&label=project=y").then().body("size()", equalTo(0));
        admin().when().get("/api/v1/jobs?state=NOPE&submittedAfter=yesterday").then().statusCode(400)
                .body("errors.field", containsInAnyOrder("state", "submittedAfter"));
    }

    @Test
    void theOpenApiDocumentDescribesEveryEndpoint() {
        given().when().get("/q/openapi?format=json").then().statusCode(200)
                .body("info.title", equalTo("MesoFlow API"))
                .body("paths.keySet()", org.hamcrest.Matchers.hasItems("/api/v1/jobs", "/api/v1/jobs/{id}",
                        "/api/v1/jobs/{id}/cancel", "/api/v1/jobs/{id}/revisions", "/api/v1/jobs/{id}/events",
                        "/api/v1/jobs/{id}/tasks", "/api/v1/jobs/dcos", "/api/v1/jobs/{id}/tasks/{task}/logs",
                        "/api/v1/teams", "/api/v1/teams/{team}", "/api/v1/teams/{team}/tokens", "/api/v1/tokens",
                        "/api/v1/tokens/{id}", "/api/v1/whoami"))
                .body("components.securitySchemes.bearer.scheme", equalTo("bearer"));
        given().when().get("/q/swagger-ui/").then().statusCode(200);
    }
}
