package io.mesoflow.api;

import static io.mesoflow.api.TeamAccessIT.admin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.mesoflow.events.BudgetPolicy;
import io.mesoflow.events.EventCodec;
import io.mesoflow.events.GpuBudgetThresholdReached;
import io.mesoflow.events.PreemptionScope;
import io.mesoflow.events.TaskState;
import io.mesoflow.events.TaskStatusChanged;
import io.mesoflow.events.TaskUsageRecorded;
import io.mesoflow.events.TeamQuotaChanged;
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

/** The quota's new fields, and GpuBudgetThresholdReached once per crossing with the API's notice. */
@QuarkusTest
@WithTestResource(MesoflowTestResource.class)
class BudgetThresholdIT {
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

    @Test
    void theQuotaTakesAShortWindowABudgetPolicyAndAPreemptionPolicyAndPublishesThem() {
        String team = "q" + Long.toHexString(System.nanoTime());
        admin().body("{\"gpuHoursBudget\": 2, \"windowSeconds\": 600, \"budgetPolicy\": \"suspend\", "
                + "\"preemption\": \"across-teams\", \"preemptBelowPriority\": 10}").put("/api/v1/teams/" + team)
                .then().statusCode(201).body("quota.windowSeconds", equalTo(600)).body("quota.budgetPolicy",
                        equalTo("suspend")).body("quota.preemption", equalTo("across-teams"));
        TeamQuotaChanged change = topics.await(Topics.TEAMS, TeamQuotaChanged.class, e -> e.team().equals(team), WAIT);
        assertThat(change.window()).isEqualTo(Duration.ofSeconds(600));
        assertThat(change.budgetPolicy()).isEqualTo(BudgetPolicy.SUSPEND);
        assertThat(change.preemption()).isEqualTo(PreemptionScope.ACROSS_TEAMS);
        assertThat(change.preemptBelowPriority()).isEqualTo(10);

        admin().body("{\"budgetPolicy\": \"pause\", \"preemption\": \"always\", \"windowSeconds\": 0}")
                .put("/api/v1/teams/" + team).then().statusCode(400)
                .body("errors.field", org.hamcrest.Matchers.containsInAnyOrder("budgetPolicy", "preemption",
                        "windowSeconds"));
    }

    @Test
    void reachingTheThresholdRaisesTheEventOnceAndTheGpuHoursShowANotice() throws Exception {
        String team = "b" + Long.toHexString(System.nanoTime());
        admin().body("{\"gpuHoursBudget\": 1, \"windowSeconds\": 3600, \"budgetPolicy\": \"suspend\"}")
                .put("/api/v1/teams/" + team).then().statusCode(201);
        admin().get("/api/v1/teams/" + team + "/gpu-hours").then().statusCode(200).body("notice", nullValue());
        String id = admin().body(JobApiIT.SPEC.replace("\"name\": \"mnist\"", "\"name\": \"mnist\", \"team\": \""
                + team + "\"")).post("/api/v1/jobs").then().statusCode(201).extract().path("id");
        Instant end = Instant.now();
        Instant start = end.minusSeconds(1800);
        topics.send(Topics.TASK_STATUS, TaskStatusChanged.of(id, "worker-0", 0, id + ".worker-0.0", TaskState.FINISHED)
                .withExitCode(0).onAgent("agent-1", "gpu-host-1", List.of(2222)).at(end));
        topics.send(Topics.JOB_STATUS, new TaskUsageRecorded(id, team, "worker-0", 0, 1, 2, start, end, 1800,
                0.92 * 3600));

        GpuBudgetThresholdReached reached = topics.await(Topics.TEAMS, GpuBudgetThresholdReached.class,
                e -> e.team().equals(team), WAIT);
        assertThat(reached.usedGpuHours()).isEqualTo(0.92, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(reached.threshold()).isEqualTo(0.9);
        assertThat(reached.policy()).isEqualTo(BudgetPolicy.SUSPEND);
        await().atMost(WAIT).untilAsserted(() -> admin().get("/api/v1/teams/" + team + "/gpu-hours").then()
                .body("notice", equalTo("92 % of the GPU-hour budget used; running GPU jobs are suspended when it "
                        + "is spent")));

        Thread.sleep(3_000); // three more checks (every second in tests): still the one event
        List<String> raised = topics.readUntil(Topics.TEAMS, values -> false, Duration.ofSeconds(3)).stream()
                .filter(v -> v.contains("GpuBudgetThresholdReached") && v.contains("\"" + team + "\"")).toList();
        assertThat(raised).hasSize(1);
        assertThat(EventCodec.decode(raised.get(0))).isInstanceOf(GpuBudgetThresholdReached.class);
    }
}
