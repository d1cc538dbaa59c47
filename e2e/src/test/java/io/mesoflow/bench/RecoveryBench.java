package io.mesoflow.bench;

import io.mesoflow.e2e.Jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mesoflow.testing.LocalStack;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Time from a task's death (kill -9 of a worker) to its replacement RUNNING, over 5 jobs, with the
 * default settings (1 s initial back-off, 1 s offer interval). A benchmark, not part of the suite:
 *
 * <pre>./mvnw -B -pl e2e -am verify -Dit.test=RecoveryBench -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false</pre>
 */
class RecoveryBench {
    static final ObjectMapper JSON = new ObjectMapper();
    static final int RUNS = Integer.getInteger("bench.runs", 5);

    @Test
    void measure() throws Exception {
        Path example = LocalStack.repositoryRoot().resolve("examples/ps-training");
        ObjectNode spec = (ObjectNode) JSON.readTree(example.resolve("multi-worker.json").toFile());
        spec.put("artifactUrl", example.resolve("train.py").toUri().toString());
        ObjectNode context = (ObjectNode) spec.get("context");
        context.put("target_loss", 0.0);
        context.put("max_steps", 1500);
        context.put("step_delay", 0.05);
        List<Long> figures = new ArrayList<>();
        try (LocalStack stack = new LocalStack(LocalStack.repositoryRoot(), Path.of("target/bench").toAbsolutePath(),
                LocalStack.declaredAgent("25000-25199"))
                .start()) {
            for (int run = 0; run < RUNS; run++) {
                String id = Jobs.api(stack).contentType("application/json").body(spec.toString())
                        .post("/api/v1/jobs").then().statusCode(201).extract().path("id");
                while (!"RUNNING".equals(Jobs.api(stack).get("/api/v1/jobs/" + id).path("state"))) {
                    Thread.sleep(50);
                }
                Path sandbox = stack.work().resolve("sandboxes").resolve(id).resolve("worker-1/0");
                long pid = pythonIn(sandbox);
                Instant killed = Instant.now();
                new ProcessBuilder("kill", "-9", String.valueOf(pid)).start().waitFor();
                Instant running = null;
                while (running == null) {
                    JsonNode attempts = JSON.readTree(Jobs.api(stack)
                            .get("/api/v1/jobs/" + id + "/tasks").asString());
                    for (JsonNode a : attempts) {
                        if (a.get("name").asText().equals("worker-1") && a.get("attempt").asInt() == 1
                                && "RUNNING".equals(a.get("state").asText())) {
                            running = Instant.parse(a.get("startedAt").asText());
                        }
                    }
                    Thread.sleep(20);
                }
                figures.add(running.toEpochMilli() - killed.toEpochMilli());
                Jobs.api(stack).post("/api/v1/jobs/" + id + "/cancel").then().statusCode(202);
            }
        }
        List<Long> sorted = figures.stream().sorted().toList();
        System.out.printf("%nkill -9 of worker-1 -> attempt 1 RUNNING (ms over %d runs): min %d, median %d, max %d; all: %s%n",
                RUNS, sorted.get(0), sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1), figures);
    }

    static long pythonIn(Path sandbox) throws Exception {
        for (int i = 0; i < 200; i++) {
            java.util.Optional<Long> pid = io.mesoflow.testing.TaskProcesses.pythonIn(sandbox);
            if (pid.isPresent()) {
                return pid.get();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no python process in " + sandbox);
    }
}
