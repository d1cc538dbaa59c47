package io.mesoflow.e2e;

import static io.mesoflow.e2e.Suspensions.NOTICE;
import static io.mesoflow.e2e.Suspensions.RESUMED;
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
 * Priority preemption with real TensorFlow on the shared stack's 2 declared GPUs: two low-priority
 * GPU jobs hold them; a high-priority job that needs one preempts the one that loses the least work
 * (the one that checkpointed most recently), which checkpoints on the notice, is re-queued by
 * itself and resumes from that checkpoint once the GPU is free again.
 */
class PreemptionEndToEndIT {
    static final String TEAM = "preempt-e2e";
    static LocalStack stack;
    final List<String> submitted = new ArrayList<>();

    @BeforeAll
    static void startTheSystem() {
        stack = SharedStack.get();
        // the team's own policy (no limits: its jobs wait for GPUs, not for quota): its waiting jobs may
        // preempt its running ones of lower priority
        Suspensions.putTeam(stack, TEAM, "{\"preemption\": \"within-team\"}");
    }

    @AfterEach
    void cancelWhatIsLeft() {
        Suspensions.cancelUnended(stack, submitted);
    }

    @Test
    void aHighPriorityJobPreemptsTheLowPriorityJobThatCheckpointedMostRecentlyWhichResumesAndSucceeds()
            throws Exception {
        // both run "forever"; the recent one saves every 500 steps (about every second), the stale one has not saved since it started
        String recent = Jobs.submit(stack, Suspensions.oneTaskGpuTraining(TEAM, 0, 10_000_000, 500)
                .put("gracePeriodSeconds", 20));
        submitted.add(recent);
        String stale = Jobs.submit(stack, Suspensions.oneTaskGpuTraining(TEAM, 0, 10_000_000, 100_000_000)
                .put("gracePeriodSeconds", 20));
        submitted.add(stale);
        Jobs.awaitState(stack, recent, TensorFlowEndToEndIT.FIRST_START, "RUNNING");
        Jobs.awaitState(stack, stale, Duration.ofMinutes(2), "RUNNING");
        long bothRunning = System.nanoTime(); // both placed before: their run time counts from then
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).until(() ->
                Suspensions.checkpointStep(stack, recent) > 0 && Suspensions.progressStep(stack, stale) > 0);
        // both past the minimum run time (5 s on the shared stack), the recent one checkpointing meanwhile:
        // 6 s since both showed RUNNING (TensorFlow's import has usually spent them already)
        Thread.sleep(Math.max(0, 6_000 - (System.nanoTime() - bothRunning) / 1_000_000));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).until(() ->
                Suspensions.checkpointStep(stack, recent) > 0 && Suspensions.progressStep(stack, stale) > 0);

        long submittedAt = System.nanoTime();
        String urgent = Jobs.submit(stack, Suspensions.psGpuTraining(TEAM, 100, 1500));
        submitted.add(urgent);
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200))
                .until(() -> Suspensions.allTasksReady(stack, urgent));
        long readyMs = (System.nanoTime() - submittedAt) / 1_000_000;
        System.out.printf("[preemption] high-priority job %s: submit -> all tasks ready in %d ms (it had to preempt %s)%n",
                urgent, readyMs, recent);

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            List<JsonNode> suspension = Suspensions.jobStates(stack, recent, "SUSPENDING", "SUSPENDED");
            assertThat(suspension).as("the victim's timeline: %s", Suspensions.timeline(stack, recent)).isNotEmpty();
            assertThat(suspension).anySatisfy(e -> {
                assertThat(Suspensions.mentions(e, "preemption")).as("the cause: %s", e).isTrue();
                assertThat(Suspensions.mentions(e, urgent)).as("the preemptor: %s", e).isTrue();
                assertThat(e.toString()).as("the cost: %s", e).containsPattern("(?i)gpu.?hours");
            });
        });
        String notice = Suspensions.stdout(stack, recent, "chief-0", 0);
        long noticeStep = Suspensions.first(NOTICE, notice).orElseThrow(() -> new AssertionError(
                "the victim did not checkpoint on the notice:\n" + SuspendResumeEndToEndIT.tail(notice)));
        // bound the victim's remaining run now, while it waits in the queue for the GPU the urgent job
        // holds (a revision, placed with it when it resumes)
        Suspensions.patch(stack, recent, "{\"context\": {\"max_steps\": " + (noticeStep + 1000) + "}}");

        JsonPath done = Jobs.awaitEnd(stack, urgent, Duration.ofMinutes(4));
        assertThat(done.getString("state")).as("job %s: %s", urgent, done.getString("reason")).isEqualTo("SUCCEEDED");

        JsonPath victim = Jobs.awaitEnd(stack, recent, Duration.ofMinutes(4));
        assertThat(victim.getString("state")).as("victim %s: %s", recent, victim.getString("reason"))
                .isEqualTo("SUCCEEDED");
        int resumedAttempt = Suspensions.latestAttempt(stack, recent, "chief-0");
        assertThat(resumedAttempt).as("re-queued and placed again by itself, no resume asked").isGreaterThanOrEqualTo(1);
        String resumed = Suspensions.stdout(stack, recent, "chief-0", resumedAttempt);
        long resumedFrom = Suspensions.first(RESUMED, resumed).orElseThrow(() -> new AssertionError(
                "the resumed victim restored no checkpoint:\n" + SuspendResumeEndToEndIT.tail(resumed)));
        assertThat(resumedFrom).as("it continues from the checkpoint it saved on the notice")
                .isGreaterThanOrEqualTo(noticeStep);

        assertThat(Suspensions.stateHistory(stack, stale)).as("the other low-priority job was never suspended")
                .doesNotContain("SUSPENDING", "SUSPENDED");
        assertThat(Suspensions.latestAttempt(stack, stale, "chief-0")).isZero();
        assertThat(Jobs.get(stack, stale).getString("state")).isEqualTo("RUNNING");
        Jobs.api(stack).contentType("application/json").body("{\"reason\": \"e2e: done\"}")
                .post("/api/v1/jobs/" + stale + "/cancel").then().statusCode(202);
        Jobs.awaitEnd(stack, stale, Duration.ofMinutes(1));
    }
}
