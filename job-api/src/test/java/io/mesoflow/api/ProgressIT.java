package io.mesoflow.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import io.mesoflow.events.EventCodec;
import io.mesoflow.events.GpuBudgetWarning;
import io.mesoflow.events.JobProgress;
import io.mesoflow.events.JobState;
import io.mesoflow.events.JobStatusChanged;
import io.mesoflow.events.ProgressSource;
import io.mesoflow.events.ScalarPoint;
import io.mesoflow.events.Topics;
import io.mesoflow.testing.MesoflowTestResource;
import io.mesoflow.testing.TestInfra;
import io.mesoflow.testing.TestTopics;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Training progress end to end in job-api: JobProgress records on a real broker become the job's
 * progress, series (downsampled), finish ETA, queued jobs' start ETAs, and GPU-budget warnings.
 */
@QuarkusTest
@WithTestResource(MesoflowTestResource.class)
class ProgressIT {
    static final String CPU_SPEC = """
            {"name": "%s", "artifactUrl": "file:///opt/train.py", "entryPoint": "python3 train.py",
             "roles": {"worker": {"count": 1, "cpus": 0.5, "mem": 256}}}
            """;
    static final String GPU_SPEC = """
            {"name": "%s", "artifactUrl": "file:///opt/train.py", "entryPoint": "python3 train.py",
             "roles": {"gpu_worker": {"count": 1, "cpus": 1, "mem": 512, "gpus": 2}}}
            """;
    static TestTopics topics;

    @BeforeAll
    static void connect() {
        topics = TestTopics.forCurrentTest();
    }

    @AfterAll
    static void close() {
        topics.close();
    }

    static RequestSpecification as(String token) {
        return given().header("Authorization", "Bearer " + token).contentType("application/json");
    }

    static String newTeam(String quota) {
        String team = "p" + Long.toHexString(System.nanoTime());
        as(TestInfra.ADMIN_TOKEN).body(quota).put("/api/v1/teams/" + team).then().statusCode(201);
        return team;
    }

    static String tokenFor(String team) {
        return as(TestInfra.ADMIN_TOKEN).body("{\"name\": \"user\"}").post("/api/v1/teams/" + team + "/tokens")
                .then().statusCode(201).extract().path("token");
    }

    static String submit(String token, String spec, String name) {
        return as(token).body(spec.formatted(name)).post("/api/v1/jobs").then().statusCode(201).extract().path("id");
    }

    static JobProgress reading(String id, String team, long step, Long total, Double rate, List<ScalarPoint> points,
                               Instant observedAt) {
        return new JobProgress(id, team, "worker-0", 0, ProgressSource.TENSORBOARD, step, total, rate,
                Map.of("train/loss", 0.31, "eval/accuracy", 0.9), points, step > 0 ? step - 100 : null,
                step > 0 ? observedAt.minusSeconds(5) : null, null, observedAt);
    }

    static List<ScalarPoint> loss(long fromStep, long toStep) {
        return LongStream.range(fromStep, toStep).mapToObj(s -> new ScalarPoint("train/loss", s, 1.0 / (s + 1))).toList();
    }

    static void status(String id, JobState state, String reason) {
        topics.send(Topics.JOB_STATUS, new JobStatusChanged(id, state, reason, null, Instant.now()));
    }

    @Test
    void progressSeriesAndFinishEtaAreShownToTheJobsTeamOnly() {
        String team = newTeam("{}");
        String token = tokenFor(team);
        String otherToken = tokenFor(newTeam("{}"));
        String id = submit(token, CPU_SPEC, "progress");
        Instant observed = Instant.now().truncatedTo(ChronoUnit.SECONDS);

        topics.send(Topics.PROGRESS, reading(id, team, 600, 3000L, 100.0, loss(0, 600), observed.minusSeconds(10)));
        topics.send(Topics.PROGRESS, reading(id, team, 1200, 3000L, 100.0, loss(600, 1200), observed));
        // a straggler observed before the latest: ignored whole
        topics.send(Topics.PROGRESS, reading(id, team, 50, 3000L, 1.0, loss(5000, 5100), observed.minusSeconds(60)));
        topics.send(Topics.PROGRESS, reading(id, team, 1200, 3000L, 100.0, List.of(), observed)); // a redelivery

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> as(token).get("/api/v1/jobs/" + id + "/progress")
                .then().statusCode(200)
                .body("progress.step", equalTo(1200))
                // 500 + 500 points (each record's spread to 500), thinned while over 500: 1000 -> 750 -> 563 -> 422
                .body("series.'train/loss'.size()", equalTo(422)));
        var body = as(token).get("/api/v1/jobs/" + id + "/progress").then().statusCode(200)
                .body("progress.task", equalTo("worker-0"))
                .body("progress.source", equalTo("tensorboard"))
                .body("progress.totalSteps", equalTo(3000))
                .body("progress.fraction", equalTo(0.4f))
                .body("progress.stepsPerSecond", equalTo(100.0f))
                .body("progress.scalars.'train/loss'", equalTo(0.31f))
                .body("progress.checkpointStep", equalTo(1100))
                .body("progress.finishEta", equalTo(observed.plusSeconds(18).toString()))
                .body("progress.gpuHours.used", equalTo(0.0f))
                .body("progress.gpuHours.teamRemaining", nullValue())
                .body("progress.gpuHours.warning", nullValue())
                .extract().jsonPath();
        List<List<Number>> series = body.getList("series.'train/loss'");
        List<Long> steps = series.stream().map(p -> p.get(0).longValue()).toList();
        assertThat(steps).isSorted().doesNotHaveDuplicates().startsWith(0L).endsWith(1199L)
                .noneMatch(s -> s >= 5000);
        assertThat(series.get(series.size() - 1).get(1).doubleValue()).isCloseTo(1.0 / 1200, within(1e-9)); // read as a float

        as(token).get("/api/v1/jobs/" + id).then().statusCode(200)
                .body("progress.step", equalTo(1200))
                .body("progress.scalars.'eval/accuracy'", equalTo(0.9f))
                .body("startEta", nullValue());
        as(token).get("/api/v1/jobs").then().statusCode(200)
                .body("find { it.id == '" + id + "' }.progress.step", equalTo(1200))
                .body("find { it.id == '" + id + "' }.progress", not(hasKey("scalars")));

        as(otherToken).get("/api/v1/jobs/" + id + "/progress").then().statusCode(404)
                .contentType(startsWith("application/problem+json"));
        as(otherToken).get("/api/v1/jobs/" + id).then().statusCode(404);
        as(otherToken).get("/api/v1/queue").then().statusCode(200)
                .body("jobs.team", everyItem(not(equalTo(team))));
    }

    @Test
    void aQueuedJobShowsItsPositionAndStartEtaWithTheReason() {
        String team = newTeam("{\"cpus\": 1}");
        String token = tokenFor(team);
        String running = submit(token, CPU_SPEC, "holder");
        status(running, JobState.RUNNING, null);
        Instant observed = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        topics.send(Topics.PROGRESS, reading(running, team, 1000, 61000L, 100.0, List.of(), observed));
        String queued = submit(token, CPU_SPEC, "waiter");
        String quota = "team " + team + " quota: 0.5 cpus in use + 0.5 needed > 0.9 allowed";
        status(queued, JobState.QUEUED, quota);

        String finish = observed.plusSeconds(600).toString();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> as(token).get("/api/v1/jobs/" + queued).then()
                .statusCode(200)
                .body("state", equalTo("QUEUED"))
                .body("startEta.position", greaterThan(0))
                .body("startEta.eta", equalTo(finish))
                .body("startEta.reason", startsWith("waits for job " + running + " (finish ETA ")));
        as(token).get("/api/v1/jobs/" + running).then().body("startEta", nullValue())
                .body("progress.finishEta", equalTo(finish));
        as(token).get("/api/v1/jobs?state=QUEUED").then().statusCode(200)
                .body("find { it.id == '" + queued + "' }.startEta.eta", equalTo(finish));
        as(token).get("/api/v1/queue").then().statusCode(200)
                .body("jobs.size()", equalTo(1))
                .body("jobs[0].id", equalTo(queued))
                .body("jobs[0].team", equalTo(team))
                .body("jobs[0].priority", equalTo(0))
                .body("jobs[0].state", equalTo("QUEUED"))
                .body("jobs[0].reason", equalTo(quota))
                .body("jobs[0].position", greaterThan(0))
                .body("jobs[0].submittedAt", notNullValue())
                .body("jobs[0].startEta.eta", equalTo(finish));

        // a job waiting on its team's quota while the team runs nothing else it could wait for: unknown
        topics.send(Topics.JOB_STATUS, new JobStatusChanged(running, JobState.SUCCEEDED, "done", null, Instant.now()));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> as(token).get("/api/v1/jobs/" + queued).then()
                .body("startEta.eta", nullValue())
                .body("startEta.reason", equalTo("waits for " + quota)));
    }

    @Test
    void aProjectedBudgetOverrunPublishesOneWarningAndATimelineEntry() {
        String team = newTeam("{\"gpuHoursBudget\": 1, \"windowHours\": 24}");
        String token = tokenFor(team);
        String id = submit(token, GPU_SPEC, "hungry");
        status(id, JobState.RUNNING, null);
        Instant observed = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        // 9,900 steps left at 1 step/s: 2.75 h x 2 GPUs = 5.5 GPU-hours, over the 1 left
        topics.send(Topics.PROGRESS, reading(id, team, 100, 10000L, 1.0, List.of(), observed));
        topics.send(Topics.PROGRESS, reading(id, team, 110, 10000L, 1.0, List.of(), observed.plusSeconds(10)));

        GpuBudgetWarning warning = topics.await(Topics.PROGRESS, GpuBudgetWarning.class, w -> w.jobId().equals(id),
                Duration.ofSeconds(30));
        assertThat(warning.team()).isEqualTo(team);
        assertThat(warning.budgetGpuHours()).isEqualTo(1.0);
        assertThat(warning.projectedGpuHours()).isGreaterThan(5.0);
        assertThat(warning.remainingGpuHours()).isLessThanOrEqualTo(1.0);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> as(token).get("/api/v1/jobs/" + id).then()
                .body("progress.step", equalTo(110))
                .body("progress.gpuHours.warning", startsWith("projected to use "))
                .body("progress.gpuHours.teamRemaining", notNullValue())
                .body("progress.gpuHours.projected", greaterThan(5.0f)));
        List<Map<String, Object>> timeline = as(token).get("/api/v1/jobs/" + id + "/events").then().statusCode(200)
                .extract().jsonPath().getList("findAll { it.kind == 'BUDGET' }");
        assertThat(timeline).hasSize(1);
        assertThat((String) timeline.get(0).get("message")).startsWith("GPU-hour budget: job projected to use");

        long warnings = topics.readAll(Topics.PROGRESS, Duration.ofSeconds(3)).stream()
                .map(r -> EventCodec.decode(r.value()))
                .filter(e -> e instanceof GpuBudgetWarning w && w.jobId().equals(id)).count();
        assertThat(warnings).isEqualTo(1);

        // faster now: 9,880 steps at 100/s is 0.05 GPU-hours: the warning clears
        topics.send(Topics.PROGRESS, reading(id, team, 120, 10000L, 100.0, List.of(), observed.plusSeconds(20)));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> as(token).get("/api/v1/jobs/" + id).then()
                .body("progress.step", equalTo(120))
                .body("progress.gpuHours.warning", nullValue()));
    }

    @Inject
    EntityManager entityManager;

    /** 1,000 jobs of one team, half queued and half running with progress: the list and the queue stay cheap. */
    @Test
    void listingAThousandJobsWithProgressAndStartEtasIsCheap() {
        String team = newTeam("{}");
        String token = tokenFor(team);
        String template = submit(token, CPU_SPEC, "bulk");
        QuarkusTransaction.requiringNew().run(() -> {
            entityManager.createNativeQuery("""
                    INSERT INTO jobs (id, name, team, state, reason, revision, spec, output_dir, submitted_at, updated_at)
                    SELECT ?1 || '-' || g, 'bulk', ?2, CASE WHEN g % 2 = 0 THEN 'QUEUED' ELSE 'RUNNING' END,
                           'needs 1 cpus', 1, t.spec, t.output_dir, now() - g * interval '1 second', now()
                    FROM generate_series(1, 1000) g, jobs t WHERE t.id = ?1""")
                    .setParameter(1, template).setParameter(2, team).executeUpdate();
            entityManager.createNativeQuery("""
                    INSERT INTO job_progress (job_id, task_name, attempt, source, step, total_steps, steps_per_second,
                                              scalars, finish_eta, observed_at, recorded_at)
                    SELECT id, 'worker-0', 0, 'tensorboard', 10, 1000, 1, '{"loss": 0.5}',
                           now() + (row_number() OVER (ORDER BY id)) * interval '1 minute', now(), now()
                    FROM jobs WHERE team = ?1 AND state = 'RUNNING'""").setParameter(1, team).executeUpdate();
        });
        as(token).get("/api/v1/jobs?limit=100").then().statusCode(200); // warm up
        as(token).get("/api/v1/queue").then().statusCode(200);

        long start = System.nanoTime();
        var page = as(token).get("/api/v1/jobs?limit=100").then().statusCode(200).extract().jsonPath();
        long listMs = (System.nanoTime() - start) / 1_000_000;
        start = System.nanoTime();
        var queue = as(token).get("/api/v1/queue").then().statusCode(200).extract().jsonPath();
        long queueMs = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("ProgressIT: a page of 100 of 1,000 jobs with progress and start ETAs in %d ms, "
                + "the queue of 500 in %d ms%n", listMs, queueMs);

        assertThat(page.getList("findAll { it.progress != null }")).hasSizeGreaterThanOrEqualTo(49);
        assertThat(page.getList("findAll { it.startEta != null && it.startEta.eta != null }")).isNotEmpty();
        assertThat(queue.getList("jobs")).hasSize(500);
        assertThat(queue.getList("jobs.position", Integer.class)).isSorted();
        assertThat(listMs).isLessThan(3_000);
        assertThat(queueMs).isLessThan(3_000);
    }
}
