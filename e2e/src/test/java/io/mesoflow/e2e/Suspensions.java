package io.mesoflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mesoflow.testing.LocalStack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the suspend, preemption and budget tests do as a user (docs/suspend-and-preemption.md):
 * suspend and resume over the API, set a team's policy, read a job's timeline and its chief's log
 * lines from {@code examples/tf-ps-training/train.py}.
 */
public final class Suspensions {
    /** The chief's line when it checkpointed on a preemption notice. */
    public static final Pattern NOTICE = Pattern.compile("preemption notice at step (\\d+): saved (\\S+)");
    /** The chief's line when it restored a checkpoint at start. */
    public static final Pattern RESUMED = Pattern.compile("resumed from step (\\d+)");
    /** The chief's progress line. */
    public static final Pattern STEP = Pattern.compile("step (\\d+) loss");
    static final org.hamcrest.Matcher<Integer> ACCEPTED = org.hamcrest.Matchers.anyOf(
            org.hamcrest.Matchers.equalTo(202), org.hamcrest.Matchers.equalTo(200));
    static final Set<String> TASK_ENDED = Set.of("FINISHED", "FAILED", "KILLED", "LOST", "ERROR");

    private Suspensions() {
    }

    /** {@code POST /api/v1/jobs/{id}/suspend} (accepted: 202, or 200); the job as the API answers, if it does. */
    public static JsonNode suspend(LocalStack stack, String id, String reason, Integer graceSeconds) throws IOException {
        ObjectNode body = Jobs.JSON.createObjectNode().put("reason", reason);
        if (graceSeconds != null) {
            body.put("gracePeriodSeconds", graceSeconds);
        }
        String answer = Jobs.api(stack).contentType("application/json").body(body.toString())
                .post("/api/v1/jobs/" + id + "/suspend").then().statusCode(ACCEPTED).extract().asString();
        return answer == null || answer.isBlank() ? Jobs.JSON.createObjectNode() : Jobs.JSON.readTree(answer);
    }

    /** {@code POST /api/v1/jobs/{id}/resume} (accepted: 202, or 200). */
    public static void resume(LocalStack stack, String id) {
        Jobs.api(stack).contentType("application/json").body("{}")
                .post("/api/v1/jobs/" + id + "/resume").then().statusCode(ACCEPTED);
    }

    /** {@code PATCH /api/v1/jobs/{id}} (merge patch); the job's new revision. */
    public static int patch(LocalStack stack, String id, String mergePatch) {
        return Jobs.api(stack).contentType("application/merge-patch+json").body(mergePatch)
                .patch("/api/v1/jobs/" + id).then().statusCode(200).extract().path("revision");
    }

    /** Creates or changes a team's quota ({@code PUT /api/v1/teams/{team}}). */
    public static void putTeam(LocalStack stack, String team, String quota) {
        int status = Jobs.api(stack).contentType("application/json").body(quota).put("/api/v1/teams/" + team)
                .then().extract().statusCode();
        assertThat(status).as("PUT team %s %s", team, quota).isIn(200, 201, 204);
    }

    /** The job's timeline ({@code GET /api/v1/jobs/{id}/events}), oldest first. */
    public static List<JsonNode> timeline(LocalStack stack, String id) throws IOException {
        List<JsonNode> entries = new ArrayList<>();
        Jobs.JSON.readTree(Jobs.api(stack).get("/api/v1/jobs/" + id + "/events").then().statusCode(200)
                .extract().asString()).forEach(entries::add);
        return entries;
    }

    /** The job-state entries of its timeline in one of {@code states}. */
    public static List<JsonNode> jobStates(LocalStack stack, String id, String... states) throws IOException {
        List<String> wanted = List.of(states);
        return timeline(stack, id).stream().filter(e -> e.path("task").isMissingNode() || e.path("task").isNull())
                .filter(e -> wanted.contains(e.path("state").asText())).toList();
    }

    /** The states the job's timeline went through, oldest first (job entries only). */
    public static List<String> stateHistory(LocalStack stack, String id) throws IOException {
        return timeline(stack, id).stream().filter(e -> e.path("task").isMissingNode() || e.path("task").isNull())
                .map(e -> e.path("state").asText("")).filter(s -> !s.isEmpty()).toList();
    }

    /** The stdout of one attempt of a task, "" before it exists. */
    public static String stdout(LocalStack stack, String id, String task, int attempt) throws IOException {
        Path file = stack.work().resolve("sandboxes").resolve(id).resolve(task).resolve(String.valueOf(attempt))
                .resolve("stdout");
        return Files.exists(file) ? Files.readString(file) : "";
    }

    /** The highest attempt the API shows for a task, -1 when none. */
    public static int latestAttempt(LocalStack stack, String id, String task) throws IOException {
        int latest = -1;
        for (JsonNode a : Jobs.attempts(stack, id)) {
            if (a.path("name").asText().equals(task)) {
                latest = Math.max(latest, a.path("attempt").asInt(-1));
            }
        }
        return latest;
    }

    /** Every attempt the API shows for the job has ended. */
    public static boolean everyTaskEnded(LocalStack stack, String id) throws IOException {
        for (JsonNode a : Jobs.attempts(stack, id)) {
            if (!TASK_ENDED.contains(a.path("state").asText())) {
                return false;
            }
        }
        return true;
    }

    /** Every task of the job's latest attempts is RUNNING and serves its port (the training cluster's roles). */
    public static boolean allTasksReady(LocalStack stack, String id) {
        JsonNode tasks = Jobs.JSON.valueToTree(Jobs.get(stack, id).getList("tasks"));
        if (tasks == null || tasks.isEmpty()) {
            return false;
        }
        for (JsonNode t : tasks) {
            String name = t.path("name").asText();
            boolean serves = !name.startsWith("evaluator") && !name.startsWith("tensorboard");
            if (!t.path("state").asText().equals("RUNNING") || serves && !t.path("ready").asBoolean(false)) {
                return false;
            }
        }
        return true;
    }

    /** The first group of the first match of {@code pattern}, if any. */
    public static OptionalLong first(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        return m.find() ? OptionalLong.of(Long.parseLong(m.group(1))) : OptionalLong.empty();
    }

    /** The first group of the last match of {@code pattern}, if any. */
    public static OptionalLong last(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        OptionalLong found = OptionalLong.empty();
        while (m.find()) {
            found = OptionalLong.of(Long.parseLong(m.group(1)));
        }
        return found;
    }

    /** The latest progress reading's step ({@code GET /api/v1/jobs/{id}/progress}), -1 before one. */
    public static long progressStep(LocalStack stack, String id) throws IOException {
        JsonNode progress = Jobs.JSON.readTree(Jobs.api(stack).get("/api/v1/jobs/" + id + "/progress").then()
                .statusCode(200).extract().asString()).path("progress");
        return progress.isObject() ? progress.path("step").asLong(-1) : -1;
    }

    /** The latest progress reading's checkpoint step, -1 before one. */
    public static long checkpointStep(LocalStack stack, String id) throws IOException {
        JsonNode progress = Jobs.JSON.readTree(Jobs.api(stack).get("/api/v1/jobs/" + id + "/progress").then()
                .statusCode(200).extract().asString()).path("progress");
        return progress.path("checkpointStep").isNumber() ? progress.path("checkpointStep").asLong() : -1;
    }

    /** Waits until the chief's attempt logs the line; returns its number. */
    public static long awaitLine(LocalStack stack, String id, int attempt, Pattern pattern, Duration timeout) {
        long[] found = {-1};
        await().atMost(timeout).pollInterval(Duration.ofMillis(500)).until(() -> {
            OptionalLong n = first(pattern, stdout(stack, id, "chief-0", attempt));
            n.ifPresent(v -> found[0] = v);
            return n.isPresent();
        });
        return found[0];
    }

    /**
     * {@code examples/tf-ps-training} as a one-task GPU job: the chief alone, holding {@code gpus}
     * GPU(s), training in its own process (train.py without a TF_CONFIG cluster); light enough that
     * three run at once on a 2-core machine. Its step count runs to {@code maxSteps}.
     */
    public static ObjectNode oneTaskGpuTraining(String team, int priority, long maxSteps, long checkpointEvery)
            throws IOException {
        ObjectNode spec = TensorFlowEndToEndIT.example("tf-ps-training/local.json");
        spec.put("name", "tf-gpu-" + team);
        spec.put("team", team);
        spec.put("priority", priority);
        spec.put("entryPoint", "TF_CONFIG= ${MESOFLOW_PYTHON:-python3} train.py");
        spec.put("tensorboard", false);
        ((ObjectNode) spec.get("context")).put("max_steps", maxSteps).put("checkpoint_every", checkpointEvery)
                .put("log_every", Math.min(100, checkpointEvery));
        spec.set("roles", Jobs.JSON.readTree("{\"chief\": {\"count\": 1, \"cpus\": 0.25, \"mem\": 1024, \"gpus\": 1}}"));
        return spec;
    }

    /**
     * {@code examples/tf-ps-training} with parameter servers on a GPU: chief, one ps and one
     * gpu_worker holding one GPU; every task serves its TF_CONFIG port, so "ready" means the gang is up.
     */
    public static ObjectNode psGpuTraining(String team, int priority, long maxSteps) throws IOException {
        ObjectNode spec = TensorFlowEndToEndIT.example("tf-ps-training/local.json");
        spec.put("name", "tf-ps-gpu-" + team);
        spec.put("team", team);
        spec.put("priority", priority);
        spec.put("tensorboard", false);
        ((ObjectNode) spec.get("context")).put("max_steps", maxSteps).put("checkpoint_every", 200);
        spec.set("roles", Jobs.JSON.readTree("{\"chief\": {\"count\": 1, \"cpus\": 0.25, \"mem\": 900},"
                + " \"ps\": {\"count\": 1, \"cpus\": 0.25, \"mem\": 900},"
                + " \"gpu_worker\": {\"count\": 1, \"cpus\": 0.25, \"mem\": 900, \"gpus\": 1}}"));
        return spec;
    }

    /**
     * Cancels the jobs that have not ended (after a failed test: its "forever" training jobs would
     * hold the shared stack's GPUs, memory and CPU for the rest of the suite).
     */
    public static void cancelUnended(LocalStack stack, List<String> ids) {
        for (String id : ids) {
            try {
                String state = Jobs.get(stack, id).getString("state");
                if (!List.of("SUCCEEDED", "FAILED", "CANCELLED").contains(state)) {
                    Jobs.api(stack).contentType("application/json").body("{\"reason\": \"e2e: the test is over\"}")
                            .post("/api/v1/jobs/" + id + "/cancel");
                }
            } catch (RuntimeException | AssertionError e) {
                System.out.println("could not cancel " + id + ": " + e);
            }
        }
    }

    /** Whether a timeline entry (its whole JSON, message and any suspension object) mentions {@code text}. */
    public static boolean mentions(JsonNode entry, String text) {
        return entry.toString().toLowerCase(java.util.Locale.ROOT).contains(text.toLowerCase(java.util.Locale.ROOT));
    }
}
