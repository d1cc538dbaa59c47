package io.mesoflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mesoflow.testing.LocalStack;
import io.mesoflow.testing.SharedStack;
import io.restassured.path.json.JsonPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Failed tasks are relaunched where they ran and rejoin the cluster; crash loops stop at the limit. */
class RecoveryEndToEndIT {
    static LocalStack stack;

    @BeforeAll
    static void startTheSystem() {
        stack = SharedStack.get();
    }

    @Test
    void restartsAKilledWorkerOnItsPortAndTheJobStillSucceeds() throws Exception {
        String id = Jobs.submit(stack, Jobs.longTraining(400));
        Jobs.awaitState(stack, id, Duration.ofSeconds(60), "RUNNING");

        killPython(id, "worker-1", 0);

        JsonPath job = Jobs.awaitEnd(stack, id, Duration.ofSeconds(180));
        assertThat(job.getString("state")).as(job.getString("reason")).isEqualTo("SUCCEEDED");
        JsonNode attempts = Jobs.attempts(stack, id);
        assertThat(addressesOf(attempts, "worker-1")).hasSize(2).containsOnly(addressesOf(attempts, "worker-1").get(0));
        for (String other : List.of("chief-0", "ps-0", "ps-1", "worker-0", "worker-2")) {
            assertThat(addressesOf(attempts, other)).as("%s keeps its one attempt", other).hasSize(1);
        }
    }

    @Test
    void aKilledParameterServerComesBackOnItsPortAndRestoresTheLatestCheckpoint() throws Exception {
        String id = Jobs.submit(stack, Jobs.longTraining(400));
        Jobs.awaitState(stack, id, Duration.ofSeconds(60), "RUNNING");
        Path output = Path.of(Jobs.get(stack, id).getString("outputDir"));
        await().atMost(Duration.ofSeconds(60)).until(() -> checkpointStep(output.resolve("checkpoint.json")) > 0);

        killPython(id, "ps-0", 0);

        JsonPath job = Jobs.awaitEnd(stack, id, Duration.ofSeconds(180));
        assertThat(job.getString("state")).as(job.getString("reason")).isEqualTo("SUCCEEDED");
        JsonNode attempts = Jobs.attempts(stack, id);
        assertThat(addressesOf(attempts, "ps-0")).hasSize(2).containsOnly(addressesOf(attempts, "ps-0").get(0));
        String restarted = Files.readString(stack.work().resolve("sandboxes").resolve(id).resolve("ps-0/1/stdout"));
        assertThat(restarted).containsPattern("restored shard from checkpoint at step [1-9]");
    }

    /** The chief writes its first checkpoint at step 0; the ps must be killed after a later one. */
    private static int checkpointStep(Path checkpoint) {
        try {
            return new ObjectMapper().readTree(checkpoint.toFile()).path("step").asInt(0);
        } catch (java.io.IOException notYetWritten) {
            return 0;
        }
    }

    @Test
    void monitorKilledMidRecoveryRelaunchesTheWorkerExactlyOnce() throws Exception {
        String id = Jobs.submit(stack, Jobs.longTraining(1500));
        Jobs.awaitState(stack, id, Duration.ofSeconds(60), "RUNNING");

        killPython(id, "worker-2", 0);
        stack.killAndRestart("monitor-svc");

        JsonPath job = Jobs.awaitEnd(stack, id, Duration.ofSeconds(180));
        assertThat(job.getString("state")).as(job.getString("reason")).isEqualTo("SUCCEEDED");
        assertThat(addressesOf(Jobs.attempts(stack, id), "worker-2")).hasSize(2);
    }

    @Test
    void aCrashLoopingWorkerStopsAtTheBackoffLimitAndFailsTheJobWithThatReason() throws Exception {
        ObjectNode spec = Jobs.example("single-worker.json");
        spec.put("entryPoint", "python3 -c 'import sys; sys.exit(3)'");
        spec.put("backoffLimit", 2);

        JsonPath job = Jobs.awaitEnd(stack, Jobs.submit(stack, spec), Duration.ofSeconds(120));

        assertThat(job.getString("state")).isEqualTo("FAILED");
        assertThat(job.getString("reason"))
                .isEqualTo("task worker-0 failed: exited with code 3; backoff limit of 2 relaunches reached");
        assertThat(addressesOf(Jobs.attempts(stack, job.getString("id")), "worker-0")).hasSize(3);
    }

    /** kill -9 the python process of one task attempt. */
    static void killPython(String jobId, String task, int attempt) throws Exception {
        Jobs.killPython(stack, jobId, task, attempt);
    }

    static List<String> addressesOf(JsonNode attempts, String task) {
        List<String> addresses = new ArrayList<>();
        for (JsonNode a : attempts) {
            if (a.get("name").asText().equals(task)) {
                addresses.add(a.get("address").asText());
            }
        }
        return addresses;
    }
}
