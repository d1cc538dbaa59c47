package io.mesoflow.e2e;

import static io.mesoflow.e2e.Suspensions.NOTICE;
import static io.mesoflow.e2e.Suspensions.RESUMED;
import static io.mesoflow.e2e.Suspensions.STEP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.mesoflow.testing.LocalStack;
import io.mesoflow.testing.SharedStack;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A budget that acts, with real TensorFlow: a team with budget policy {@code suspend} whose budget is
 * cut to 20 GPU-seconds per 40-second window once its one-GPU job trains. The job has spent that
 * budget (or soon does) mid-training and is
 * suspended (it checkpoints on the notice); it goes back to the queue by itself and resumes from its
 * checkpoint once the window has moved on and freed budget, and succeeds.
 */
class BudgetEndToEndIT {
    static final String TEAM = "budget-e2e";
    static final long WINDOW_SECONDS = 40;
    static final double BUDGET_GPU_HOURS = 20.0 / 3600; // 20 GPU-seconds
    static LocalStack stack;
    final List<String> submitted = new ArrayList<>();

    @BeforeAll
    static void startTheSystem() {
        stack = SharedStack.get();
        putBudget(1.0); // an hour: the job starts and trains before the budget that acts is set
    }

    static void putBudget(double gpuHours) {
        Suspensions.putTeam(stack, TEAM, "{\"gpuHoursBudget\": " + gpuHours + ", \"windowSeconds\": "
                + WINDOW_SECONDS + ", \"budgetPolicy\": \"suspend\"}");
    }

    @AfterEach
    void cancelWhatIsLeft() {
        Suspensions.cancelUnended(stack, submitted);
    }

    @Test
    void aTeamWhoseBudgetRunsOutMidTrainingIsSuspendedAndResumesFromItsCheckpointWhenTheWindowMoves()
            throws Exception {
        String id = Jobs.submit(stack, Suspensions.oneTaskGpuTraining(TEAM, 0, 10_000_000, 200)
                .put("gracePeriodSeconds", 10));
        submitted.add(id);
        Jobs.awaitState(stack, id, TensorFlowEndToEndIT.FIRST_START, "RUNNING");
        // the budget runs out mid-training however slow the host is: it is cut once the chief trains
        // (a cut while TensorFlow still imports suspends a chief that has nothing to checkpoint)
        await().atMost(TensorFlowEndToEndIT.FIRST_START).pollInterval(Duration.ofMillis(500)).until(() ->
                Suspensions.first(STEP, Suspensions.stdout(stack, id, "chief-0", 0)).isPresent());
        putBudget(BUDGET_GPU_HOURS);

        JsonPath suspended = Jobs.awaitState(stack, id, Duration.ofMinutes(3), "SUSPENDING", "SUSPENDED", "QUEUED",
                "SUCCEEDED", "FAILED", "CANCELLED");
        assertThat(suspended.getString("state")).as("suspended by its budget, not ended: %s",
                suspended.getString("reason")).isIn("SUSPENDING", "SUSPENDED", "QUEUED");
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500)).until(() ->
                Suspensions.stateHistory(stack, id).contains("SUSPENDED"));
        List<JsonNode> entries = Suspensions.jobStates(stack, id, "SUSPENDING", "SUSPENDED");
        assertThat(entries).as("the timeline's suspension").isNotEmpty()
                .anySatisfy(e -> assertThat(Suspensions.mentions(e, "budget")).as("the cause: %s", e).isTrue());
        String before = Suspensions.stdout(stack, id, "chief-0", 0);
        long noticeStep = Suspensions.first(NOTICE, before).orElseThrow(() -> new AssertionError(
                "the chief did not checkpoint on the notice:\n" + SuspendResumeEndToEndIT.tail(before)));
        assertThat(Suspensions.latestAttempt(stack, id, "chief-0")).as("not placed again at once: budget spent")
                .isZero();

        // bound the rest of the run so it fits in the budget the window frees (a revision applied at resume)
        long maxSteps = noticeStep + 1000;
        Suspensions.patch(stack, id, "{\"context\": {\"max_steps\": " + maxSteps + "}}");

        JsonPath job = Jobs.awaitEnd(stack, id, Duration.ofMinutes(5));
        assertThat(job.getString("state")).as("job %s: %s", id, job.getString("reason")).isEqualTo("SUCCEEDED");
        int resumedAttempt = Suspensions.latestAttempt(stack, id, "chief-0");
        assertThat(resumedAttempt).as("re-queued and placed again by itself").isGreaterThanOrEqualTo(1);
        String after = Suspensions.stdout(stack, id, "chief-0", resumedAttempt);
        long resumedFrom = Suspensions.first(RESUMED, after).orElseThrow(() -> new AssertionError(
                "the resumed chief restored no checkpoint:\n" + SuspendResumeEndToEndIT.tail(after)));
        assertThat(resumedFrom).as("the step count continues").isGreaterThanOrEqualTo(noticeStep);
        assertThat(Suspensions.last(STEP, after).orElseThrow()).isEqualTo(maxSteps);
        // the launcher reads an ended run once more: its final step shows even when it ended between two polls
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(Suspensions.progressStep(stack, id)).as("progress after resume").isEqualTo(maxSteps));
        assertThat(Suspensions.stateHistory(stack, id)).containsSubsequence("RUNNING", "SUSPENDED", "RUNNING",
                "SUCCEEDED");
    }
}
