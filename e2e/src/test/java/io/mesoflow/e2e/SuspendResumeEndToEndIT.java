package io.mesoflow.e2e;

import static io.mesoflow.e2e.Suspensions.NOTICE;
import static io.mesoflow.e2e.Suspensions.RESUMED;
import static io.mesoflow.e2e.Suspensions.STEP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mesoflow.testing.LocalStack;
import io.mesoflow.testing.SharedStack;
import io.mesoflow.testing.TaskProcesses;
import io.restassured.path.json.JsonPath;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A user suspends a real TensorFlow job (examples/tf-ps-training with parameter servers) over the
 * API, changes a hyperparameter while it is suspended and resumes it: the chief checkpoints on the
 * notice, the resumed attempts restore that checkpoint and the step count goes on from there.
 */
class SuspendResumeEndToEndIT {
    static LocalStack stack;
    final List<String> submitted = new ArrayList<>();

    @BeforeAll
    static void startTheSystem() {
        stack = SharedStack.get();
    }

    @AfterEach
    void cancelWhatIsLeft() {
        Suspensions.cancelUnended(stack, submitted);
    }

    @Test
    void aSuspendedTrainingJobCheckpointsOnTheNoticeTakesAChangeAndResumesFromThatStep() throws Exception {
        ObjectNode spec = TensorFlowEndToEndIT.example("tf-ps-training/local.json");
        spec.put("tensorboard", false);
        ((ObjectNode) spec.get("roles")).remove("tensorboard");
        // far more steps than the test waits for: still training whenever it is suspended
        ((ObjectNode) spec.get("context")).put("max_steps", 10_000_000).put("checkpoint_every", 200)
                .put("log_every", 50);
        String id = Jobs.submit(stack, spec);
        submitted.add(id);
        Jobs.awaitState(stack, id, TensorFlowEndToEndIT.FIRST_START, "RUNNING");
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
                .until(() -> Suspensions.checkpointStep(stack, id) > 0);

        JsonNode answer = Suspensions.suspend(stack, id, "e2e: the GPUs are needed elsewhere", 20);
        if (answer.has("state")) {
            assertThat(answer.path("state").asText()).as("the answer to the suspend: %s", answer)
                    .isIn("RUNNING", "SUSPENDING", "SUSPENDED");
        }
        Jobs.awaitState(stack, id, Duration.ofSeconds(20), "SUSPENDING", "SUSPENDED");
        JsonPath suspended = Jobs.awaitState(stack, id, Duration.ofSeconds(60), "SUSPENDED");

        assertThat(suspended.getString("suspension.cause")).as("the job view's suspension").isEqualTo("user");
        assertThat(Suspensions.everyTaskEnded(stack, id)).as("every task ended: %s", Jobs.attempts(stack, id))
                .isTrue();
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(TaskProcesses.runningIn(
                stack.work().resolve("sandboxes").resolve(id))).as("no process of the job runs").isEmpty());
        List<String> history = Suspensions.stateHistory(stack, id);
        assertThat(history).as("timeline").containsSubsequence("RUNNING", "SUSPENDING", "SUSPENDED");
        assertThat(Suspensions.jobStates(stack, id, "SUSPENDING", "SUSPENDED"))
                .allSatisfy(e -> assertThat(Suspensions.mentions(e, "user")).as("names the cause: %s", e).isTrue());
        String before = Suspensions.stdout(stack, id, "chief-0", 0);
        long noticeStep = Suspensions.first(NOTICE, before).orElseThrow(() -> new AssertionError(
                "the chief did not checkpoint on the notice:\n" + tail(before)));
        assertThat(noticeStep).as("it saved at least where progress saw its last checkpoint")
                .isGreaterThanOrEqualTo(Suspensions.checkpointStep(stack, id));

        // a hyperparameter change while suspended: a revision, applied at resume; it also bounds the run
        // (500 steps more: ~5 s of training after the resumed gang's import, 10 log lines)
        long maxSteps = noticeStep + 500;
        int revision = Suspensions.patch(stack, id, "{\"context\": {\"max_steps\": " + maxSteps
                + ", \"learning_rate\": 0.04}}");
        assertThat(revision).isEqualTo(2);
        assertThat(Jobs.get(stack, id).getString("state")).as("nothing redeployed while suspended")
                .isEqualTo("SUSPENDED");
        assertThat(Suspensions.latestAttempt(stack, id, "chief-0")).isZero();

        Suspensions.resume(stack, id);
        JsonPath job = Jobs.awaitEnd(stack, id, Duration.ofMinutes(5));
        assertThat(job.getString("state")).as("job %s: %s", id, job.getString("reason")).isEqualTo("SUCCEEDED");

        int resumedAttempt = Suspensions.latestAttempt(stack, id, "chief-0");
        assertThat(resumedAttempt).as("the chief ran again as a new attempt").isGreaterThanOrEqualTo(1);
        String after = Suspensions.stdout(stack, id, "chief-0", resumedAttempt);
        long resumedFrom = Suspensions.first(RESUMED, after).orElseThrow(() -> new AssertionError(
                "the resumed chief restored no checkpoint:\n" + tail(after)));
        assertThat(resumedFrom).as("continues from the notice's checkpoint, not from 0").isGreaterThanOrEqualTo(noticeStep);
        assertThat(Suspensions.first(STEP, after).orElseThrow()).as("its first step after resume")
                .isGreaterThan(resumedFrom);
        assertThat(Suspensions.last(STEP, after).orElseThrow()).isEqualTo(maxSteps);
        assertThat(Files.readString(stack.work().resolve("sandboxes").resolve(id)
                .resolve("chief-0").resolve(String.valueOf(resumedAttempt)).resolve("job_context.json"))).as("the change made while suspended").contains("\"max_steps\":" + maxSteps);
        // the launcher reads an ended run once more: its final step shows even when it ended between two polls
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(Suspensions.progressStep(stack, id)).as("progress after resume").isEqualTo(maxSteps));
        assertThat(Suspensions.stateHistory(stack, id)).containsSubsequence("SUSPENDED", "RUNNING", "SUCCEEDED");
    }

    static String tail(String text) {
        return text.length() <= 3000 ? text : text.substring(text.length() - 3000);
    }
}
