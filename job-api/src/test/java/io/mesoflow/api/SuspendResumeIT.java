package io.mesoflow.api;

import static io.mesoflow.api.TeamAccessIT.admin;
import static io.mesoflow.api.TeamAccessIT.as;
import static io.mesoflow.api.TeamAccessIT.newTeam;
import static io.mesoflow.api.TeamAccessIT.tokenFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.mesoflow.events.JobCancelRequested;
import io.mesoflow.events.JobResumeRequested;
import io.mesoflow.events.JobState;
import io.mesoflow.events.JobStatusChanged;
import io.mesoflow.events.JobSuspendRequested;
import io.mesoflow.events.SuspendCause;
import io.mesoflow.events.Suspension;
import io.mesoflow.events.Topics;
import io.mesoflow.testing.MesoflowTestResource;
import io.mesoflow.testing.TestTopics;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A user's suspend and resume over REST: the requests on mesoflow.jobs, the problems, and the read model's cycle. */
@QuarkusTest
@WithTestResource(MesoflowTestResource.class)
class SuspendResumeIT {
    static final Duration WAIT = Duration.ofSeconds(30);
    static TestTopics topics;

    @BeforeAll
    static void connect() {
        topics = TestTopics.forCurrentTest();
    }

    @AfterAll
    static void close() {
        topics.close();
    }

    static String submit(String token, String team) {
        return as(token).body(JobApiIT.SPEC.replace("\"name\": \"mnist\"", "\"name\": \"mnist\", \"team\": \"" + team
                + "\"")).post("/api/v1/jobs").then().statusCode(201).extract().path("id");
    }

    static void status(String id, JobState state, Instant at, Suspension suspension, String reason) {
        topics.send(Topics.JOB_STATUS, new JobStatusChanged(id, state, reason, null, at, suspension));
    }

    /** Waits until the job shows {@code reason} (a marker sent after the statuses under test). */
    static JsonPath awaitReason(String token, String id, String reason) {
        await().atMost(WAIT).until(() -> reason.equals(as(token).get("/api/v1/jobs/" + id).then().extract()
                .path("reason")));
        return as(token).get("/api/v1/jobs/" + id).then().statusCode(200).extract().jsonPath();
    }

    @Test
    void aUserSuspendsAndResumesAJobAndALateStatusDoesNotUndoTheResumedRun() {
        String team = newTeam();
        String alice = tokenFor(team, "alice");
        String id = submit(alice, team);
        Instant t = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        status(id, JobState.RUNNING, t, null, "running");
        awaitReason(alice, id, "running");

        as(alice).body("{\"reason\": \"free the GPUs for the demo\", \"gracePeriodSeconds\": 45}")
                .post("/api/v1/jobs/" + id + "/suspend").then().statusCode(202).body("id", equalTo(id));
        JobSuspendRequested asked = topics.await(Topics.JOBS, JobSuspendRequested.class, e -> e.jobId().equals(id), WAIT);
        assertThat(asked.suspension().cause()).isEqualTo(SuspendCause.USER);
        assertThat(asked.suspension().requestedBy()).isEqualTo("alice");
        assertThat(asked.suspension().gracePeriodSeconds()).isEqualTo(45L);
        assertThat(asked.reason()).isEqualTo("free the GPUs for the demo");
        admin().get("/api/v1/audit?team=" + team + "&kind=JOB_SUSPEND_REQUESTED").then().statusCode(200)
                .body("target", hasItem("job " + id));

        Suspension byAlice = new Suspension(SuspendCause.USER, "alice", 45L, 1.5, 1200L);
        status(id, JobState.SUSPENDING, t.plusSeconds(10), byAlice, "suspending: free the GPUs for the demo");
        awaitReason(alice, id, "suspending: free the GPUs for the demo");
        as(alice).post("/api/v1/jobs/" + id + "/suspend").then().statusCode(200).body("state", equalTo("SUSPENDING"));
        as(alice).post("/api/v1/jobs/" + id + "/resume").then().statusCode(409)
                .body("detail", containsString("still suspending"));

        status(id, JobState.SUSPENDED, t.plusSeconds(20), byAlice, "suspended");
        JsonPath suspended = awaitReason(alice, id, "suspended");
        assertThat(suspended.getString("state")).isEqualTo("SUSPENDED");
        assertThat(suspended.getString("suspension.cause")).isEqualTo("user");
        assertThat(suspended.getString("suspension.reason")).as("the suspension keeps its first reason")
                .isEqualTo("suspending: free the GPUs for the demo");
        assertThat(Instant.parse(suspended.getString("suspension.at"))).isEqualTo(t.plusSeconds(10));
        assertThat(suspended.getString("suspension.requestedBy")).isEqualTo("alice");
        assertThat(suspended.getDouble("suspension.gpuHoursSinceCheckpoint")).isEqualTo(1.5);
        assertThat(suspended.getLong("suspension.checkpointStep")).isEqualTo(1200L);
        assertThat(suspended.getString("suspension.resumedAt")).isNull();
        as(alice).get("/api/v1/jobs?state=suspended").then().statusCode(200).body("id", hasItem(id));

        // placement's QUEUED from before it heard of the suspend arrives late: no one asked to resume
        status(id, JobState.QUEUED, t.plusSeconds(25), null, "queued before placement heard of it");
        status(id, JobState.SUSPENDED, t.plusSeconds(26), byAlice, "still suspended");
        assertThat(awaitReason(alice, id, "still suspended").getString("state")).isEqualTo("SUSPENDED");

        as(alice).body("{\"reason\": \"demo over\"}").post("/api/v1/jobs/" + id + "/resume").then().statusCode(202);
        JobResumeRequested resume = topics.await(Topics.JOBS, JobResumeRequested.class, e -> e.jobId().equals(id), WAIT);
        assertThat(resume.requestedBy()).isEqualTo("alice");
        assertThat(resume.reason()).isEqualTo("demo over");
        as(alice).post("/api/v1/jobs/" + id + "/resume").then().statusCode(200);

        status(id, JobState.QUEUED, t.plusSeconds(30), null, "queued");
        status(id, JobState.PLACED, t.plusSeconds(40), null, "placed");
        status(id, JobState.RUNNING, t.plusSeconds(50), null, "running again");
        status(id, JobState.SUSPENDED, t.plusSeconds(20), byAlice, "late suspended");
        status(id, JobState.RUNNING, t.plusSeconds(5), null, "late running");
        status(id, JobState.RUNNING, t.plusSeconds(60), null, "marker");
        JsonPath resumed = awaitReason(alice, id, "marker");
        assertThat(resumed.getString("state")).isEqualTo("RUNNING");
        assertThat(Instant.parse(resumed.getString("suspension.resumedAt"))).isEqualTo(t.plusSeconds(30));

        JsonPath timeline = as(alice).get("/api/v1/jobs/" + id + "/events").then().statusCode(200).extract().jsonPath();
        List<String> states = timeline.getList("findAll { it.kind == 'JOB' }.state");
        assertThat(states).containsSubsequence("RUNNING", "SUSPEND_REQUESTED", "SUSPENDING", "SUSPENDED",
                "RESUME_REQUESTED", "QUEUED", "PLACED", "RUNNING");
        assertThat(states).doesNotContain("late suspended");
        List<String> messages = timeline.getList("message");
        assertThat(messages).noneMatch(m -> m != null && (m.startsWith("late") || m.startsWith("queued before")));
        Map<String, Object> suspendedLine = timeline.getMap("find { it.state == 'SUSPENDED' }");
        assertThat(suspendedLine.get("message").toString()).contains("user by alice", "1.50 GPU-hours", "step 1200");
        Map<String, Object> queuedLine = timeline.getMap("find { it.state == 'QUEUED' }");
        assertThat(queuedLine.get("message").toString()).contains("resumed after a suspension");
        assertThat(((Map<?, ?>) queuedLine.get("suspension")).get("resumedAt")).isNotNull();
    }

    @Test
    void badBodiesOtherTeamsEndedJobsAndAutomaticSuspensionsAreProblems() {
        String team = newTeam();
        String alice = tokenFor(team, "alice");
        String bob = tokenFor(newTeam(), "bob");
        String id = submit(alice, team);

        as(alice).body("{\"gracePeriodSeconds\": 86401, \"reason\": \"" + "x".repeat(501) + "\"}")
                .post("/api/v1/jobs/" + id + "/suspend").then().statusCode(400)
                .body("errors.field", org.hamcrest.Matchers.containsInAnyOrder("gracePeriodSeconds", "reason"));
        as(bob).post("/api/v1/jobs/" + id + "/suspend").then().statusCode(404);
        as(bob).post("/api/v1/jobs/" + id + "/resume").then().statusCode(404);
        as(alice).post("/api/v1/jobs/" + id + "/resume").then().statusCode(409)
                .body("detail", containsString("not suspended"));

        Instant t = Instant.now();
        Suspension preempted = new Suspension(SuspendCause.PREEMPTION, "urgent-job-1", 30L, null, null);
        status(id, JobState.SUSPENDED, t, preempted, "preempted");
        awaitReason(alice, id, "preempted");
        as(alice).post("/api/v1/jobs/" + id + "/resume").then().statusCode(409)
                .body("detail", containsString("by itself"));

        as(alice).body("{\"reason\": \"not needed\"}").post("/api/v1/jobs/" + id + "/cancel").then().statusCode(202);
        topics.await(Topics.JOBS, JobCancelRequested.class, e -> e.jobId().equals(id), WAIT);
        status(id, JobState.CANCELLED, t.plusSeconds(1), null, "cancelled");
        awaitReason(alice, id, "cancelled");
        as(alice).post("/api/v1/jobs/" + id + "/suspend").then().statusCode(409)
                .body("detail", containsString("has ended"));
    }

    @Test
    void aLiveConfigChangeOfASuspendedJobBecomesARevision() {
        String team = newTeam();
        String alice = tokenFor(team, "alice");
        String id = submit(alice, team);
        status(id, JobState.SUSPENDED, Instant.now(), new Suspension(SuspendCause.USER, "alice", null, null, null),
                "suspended");
        awaitReason(alice, id, "suspended");

        as(alice).body("{\"roles\": {\"worker\": {\"count\": 4}}}").patch("/api/v1/jobs/" + id).then().statusCode(200)
                .body("revision", equalTo(2)).body("spec.roles.worker.count", equalTo(4));
    }
}
