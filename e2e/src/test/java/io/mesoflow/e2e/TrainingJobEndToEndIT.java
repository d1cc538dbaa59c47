package io.mesoflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mesoflow.testing.LocalStack;
import io.mesoflow.testing.SharedStack;
import io.restassured.path.json.JsonPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A user's view: submit the example jobs over HTTP to the five running services, watch them finish. */
class TrainingJobEndToEndIT {
    static LocalStack stack;

    @BeforeAll
    static void startTheSystem() {
        stack = SharedStack.get();
    }

    @Test
    void distributedExampleTrainsToSuccessAndLeavesAFullHistory() throws Exception {
        String id = Jobs.submit(stack, Jobs.example("multi-worker.json"));

        JsonPath job = Jobs.awaitEnd(stack, id, Duration.ofSeconds(180));

        assertThat(job.getString("state")).as("job %s ended: %s", id, job.getString("reason")).isEqualTo("SUCCEEDED");
        assertThat(job.getString("reason")).isEqualTo("chief-0 exited 0");
        Path output = Path.of(job.getString("outputDir"));
        List<String> metrics = Files.readAllLines(output.resolve("metrics.jsonl"));
        double firstLoss = Jobs.JSON.readTree(metrics.get(0)).get("loss").asDouble();
        double lastLoss = Jobs.JSON.readTree(metrics.get(metrics.size() - 1)).get("loss").asDouble();
        assertThat(lastLoss).isLessThan(firstLoss);
        assertThat(output.resolve("checkpoint.json")).exists();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode attempts = Jobs.attempts(stack, id);
            assertThat(attempts).extracting(a -> a.get("name").asText())
                    .containsExactlyInAnyOrder("chief-0", "ps-0", "ps-1", "worker-0", "worker-1", "worker-2");
            for (JsonNode a : attempts) {
                assertThat(a.get("state").asText()).as(a.toString()).isIn("FINISHED", "KILLED");
                assertThat(a.get("address").asText()).as(a.toString()).startsWith("127.0.0.1:23");
                assertThat(a.get("startedAt").isNull()).as(a.toString()).isFalse();
                assertThat(a.get("endedAt").isNull()).as(a.toString()).isFalse();
                assertThat(Path.of(a.get("sandbox").asText()).resolve("stdout")).exists();
            }
        });
        assertThat(Jobs.processesRunningIn(stack.work().resolve("sandboxes").resolve(id))).isEmpty();
        await().atMost(Duration.ofSeconds(30)).until(() -> Jobs.get(stack, id).getDouble("cpuHours") > 0);
    }

    @Test
    void singleWorkerExampleRunsWithoutACluster() throws Exception {
        String id = Jobs.submit(stack, Jobs.example("single-worker.json"));

        JsonPath job = Jobs.awaitEnd(stack, id, Duration.ofSeconds(120));

        assertThat(job.getString("state")).as(job.getString("reason")).isEqualTo("SUCCEEDED");
        assertThat(job.getString("reason")).isEqualTo("worker-0 exited 0");
        String stdout = Files.readString(Path.of(job.getString("tasks[0].sandbox")).resolve("stdout"));
        assertThat(stdout).contains("no TF_CONFIG cluster: training locally");
    }

    @Test
    void aZipArtifactKeepsItsExecutableScriptAndItsSymbolicLink() throws Exception {
        Path src = Files.createTempDirectory(stack.work(), "zip-src");
        Files.writeString(src.resolve("data.txt"), "read through a link\n");
        Files.createSymbolicLink(src.resolve("link.txt"), Path.of("data.txt"));
        Files.writeString(src.resolve("run.sh"), "#!/bin/sh\ncat link.txt\n");
        Files.setPosixFilePermissions(src.resolve("run.sh"), java.nio.file.attribute.PosixFilePermissions
                .fromString("rwxr-xr-x"));
        Path zip = stack.artifactRoot().resolve("linked-" + System.nanoTime() + ".zip");
        Files.createDirectories(zip.getParent());
        // zip -y stores the link as a link; Info-ZIP keeps the Unix modes in the archive
        Process p = new ProcessBuilder("zip", "-q", "-y", zip.toString(), "run.sh", "link.txt", "data.txt")
                .directory(src.toFile()).inheritIO().start();
        assertThat(p.waitFor()).isZero();
        ObjectNode spec = Jobs.example("single-worker.json");
        spec.put("artifactUrl", zip.toUri().toString());
        spec.put("entryPoint", "./run.sh");

        JsonPath job = Jobs.awaitEnd(stack, Jobs.submit(stack, spec), Duration.ofSeconds(120));

        assertThat(job.getString("state")).as(job.getString("reason")).isEqualTo("SUCCEEDED");
        Path sandbox = Path.of(job.getString("tasks[0].sandbox"));
        assertThat(Files.readString(sandbox.resolve("stdout"))).isEqualTo("read through a link\n");
        assertThat(Files.isSymbolicLink(sandbox.resolve("link.txt"))).isTrue();
    }

    @Test
    void aFailingEntryPointFailsTheJobWithTheTaskAndExitCode() throws Exception {
        ObjectNode spec = Jobs.example("single-worker.json");
        spec.put("entryPoint", "python3 -c 'import sys; sys.exit(4)'");
        ((ObjectNode) spec.get("roles").get("worker")).put("restartPolicy", "Never");

        JsonPath job = Jobs.awaitEnd(stack, Jobs.submit(stack, spec), Duration.ofSeconds(120));

        assertThat(job.getString("state")).isEqualTo("FAILED");
        assertThat(job.getString("reason")).isEqualTo("task worker-0 failed: exited with code 4");
    }
}
