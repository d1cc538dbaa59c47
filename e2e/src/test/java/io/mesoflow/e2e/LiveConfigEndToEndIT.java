package io.mesoflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.mesoflow.testing.LocalStack;
import io.mesoflow.testing.SharedStack;
import io.restassured.path.json.JsonPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Live config changes redeploy only the tasks whose launch config changed; counts can grow. */
class LiveConfigEndToEndIT {
    static LocalStack stack;

    @BeforeAll
    static void startTheSystem() {
        stack = SharedStack.get();
    }

    static void patch(String id, String body) {
        Jobs.api(stack).contentType("application/merge-patch+json").body(body)
                .when().patch("/api/v1/jobs/" + id).then().statusCode(200);
    }

    static int attemptsOf(JsonNode attempts, String task) {
        int n = 0;
        for (JsonNode a : attempts) {
            n += a.get("name").asText().equals(task) ? 1 : 0;
        }
        return n;
    }

    @Test
    void aWorkerOnlyContextChangeRedeploysOnlyTheWorkers() throws Exception {
        String id = Jobs.submit(stack, Jobs.longTraining(1500));
        Jobs.awaitState(stack, id, Duration.ofSeconds(60), "RUNNING");

        patch(id, "{\"roles\": {\"worker\": {\"context\": {\"batch_size\": 16}}}}");

        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            JsonNode attempts = Jobs.attempts(stack, id);
            for (String worker : List.of("worker-0", "worker-1", "worker-2")) {
                assertThat(attemptsOf(attempts, worker)).as(worker).isEqualTo(2);
            }
        });
        JsonPath job = Jobs.awaitEnd(stack, id, Duration.ofSeconds(180));
        assertThat(job.getString("state")).as(job.getString("reason")).isEqualTo("SUCCEEDED");
        JsonNode attempts = Jobs.attempts(stack, id);
        for (String kept : List.of("chief-0", "ps-0", "ps-1")) {
            assertThat(attemptsOf(attempts, kept)).as("%s keeps its attempt", kept).isEqualTo(1);
        }
        Path context = stack.work().resolve("sandboxes").resolve(id).resolve("worker-1/1/job_context.json");
        assertThat(Files.readString(context)).contains("\"batch_size\":16");
    }

    @Test
    void threeWorkersScaledToFourJoinOneClusterAndTheJobSucceeds() throws Exception {
        String id = Jobs.submit(stack, Jobs.longTraining(1500));
        Jobs.awaitState(stack, id, Duration.ofSeconds(60), "RUNNING");

        patch(id, "{\"roles\": {\"worker\": {\"count\": 4}}}");

        Path worker3 = stack.work().resolve("sandboxes").resolve(id).resolve("worker-3/0/stdout");
        await().atMost(Duration.ofSeconds(90)).until(() -> Files.exists(worker3)
                && Files.readString(worker3).contains("with 2 ps and 5 trainers"));
        JsonPath job = Jobs.awaitEnd(stack, id, Duration.ofSeconds(180));
        assertThat(job.getString("state")).as(job.getString("reason")).isEqualTo("SUCCEEDED");
        JsonNode attempts = Jobs.attempts(stack, id);
        assertThat(attemptsOf(attempts, "worker-3")).isEqualTo(1);
        assertThat(attemptsOf(attempts, "chief-0")).as("the chief got the new cluster").isEqualTo(2);
        Path chief = stack.work().resolve("sandboxes").resolve(id).resolve("chief-0/1/stdout");
        assertThat(Files.readString(chief)).contains("with 2 ps and 5 trainers");
    }
}
