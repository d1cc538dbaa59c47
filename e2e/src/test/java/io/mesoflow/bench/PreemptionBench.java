package io.mesoflow.bench;

import static io.mesoflow.e2e.Suspensions.NOTICE;
import static io.mesoflow.e2e.Suspensions.RESUMED;
import static io.mesoflow.e2e.Suspensions.STEP;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.mesoflow.e2e.Jobs;
import io.mesoflow.e2e.Suspensions;
import io.mesoflow.testing.LocalStack;
import io.mesoflow.testing.PreemptionSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * What a preemption costs, with real TensorFlow (docs/suspend-and-preemption.md). On a local agent
 * with one declared GPU, a low-priority one-task {@code examples/tf-ps-training} job holds the GPU
 * and checkpoints every {@code bench.checkpoint-every} steps; a high-priority parameter-server job
 * that needs the GPU preempts it. Per grace period (30 s and 0 s by default): the work lost, the
 * victim's step at the notice (its "preemption notice at step N" line, or with no time to save, its
 * last logged step) minus the step it resumes from; and the high-priority job's submit -> all its
 * tasks ready. A benchmark, not part of the suite:
 *
 * <pre>./mvnw -B -pl e2e -am verify -Dit.test=PreemptionBench -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false</pre>
 */
class PreemptionBench {
    static final List<Integer> GRACES = Arrays.stream(System.getProperty("bench.graces", "30,0").split(","))
            .map(String::trim).map(Integer::parseInt).toList();
    static final int RUNS = Integer.getInteger("bench.runs", 1);
    static final long CHECKPOINT_EVERY = Long.getLong("bench.checkpoint-every", 2000);

    record Row(int grace, boolean savedOnNotice, long stepAtNotice, long resumedFrom, long readyMs) {
        long lost() {
            return stepAtNotice - resumedFrom;
        }
    }

    @Test
    void measure() throws Exception {
        Map<String, String> settings = new HashMap<>(LocalStack.declaredAgent("25200-25399"));
        settings.put("mesoflow.launcher.local.offer-interval", "250ms");
        settings.putAll(PreemptionSettings.gpuAgent(1));
        settings.putAll(PreemptionSettings.shortPreemption("within-team", "5s", "10s"));
        List<Row> rows = new ArrayList<>();
        try (LocalStack stack = new LocalStack(LocalStack.repositoryRoot(), Path.of("target/bench").toAbsolutePath(),
                settings).start()) {
            for (int grace : GRACES) {
                for (int run = 0; run < RUNS; run++) {
                    rows.add(preemptOnce(stack, grace));
                    System.out.println("[preemption-bench] " + rows.get(rows.size() - 1));
                }
            }
        }
        System.out.printf("%n| grace (s) | saved on the notice | step at notice | resumed from | steps lost | "
                + "high-priority submit -> all tasks ready (ms) |%n|---|---|---|---|---|---|%n");
        rows.forEach(r -> System.out.printf("| %d | %s | %d | %d | %d | %d |%n", r.grace(), r.savedOnNotice() ? "yes" : "no",
                r.stepAtNotice(), r.resumedFrom(), r.lost(), r.readyMs()));
        System.out.printf("(checkpoint every %d steps; %d run(s) per grace)%n", CHECKPOINT_EVERY, RUNS);
    }

    static Row preemptOnce(LocalStack stack, int grace) throws Exception {
        String victim = submit(stack, Suspensions.oneTaskGpuTraining("default", 0, 100_000_000, CHECKPOINT_EVERY)
                .put("gracePeriodSeconds", grace));
        awaitState(stack, victim, Duration.ofMinutes(10), "RUNNING");
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1))
                .until(() -> Suspensions.checkpointStep(stack, victim) > 0);
        Thread.sleep(7_000); // past the minimum run time, some steps past its checkpoint

        long submitted = System.nanoTime();
        String urgent = submit(stack, Suspensions.psGpuTraining("default", 100, 600));
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(100))
                .until(() -> Suspensions.allTasksReady(stack, urgent));
        long readyMs = (System.nanoTime() - submitted) / 1_000_000;

        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                .until(() -> Suspensions.stateHistory(stack, victim).contains("SUSPENDED"));
        String before = Suspensions.stdout(stack, victim, "chief-0", 0);
        OptionalLong notice = Suspensions.first(NOTICE, before);
        long stepAtNotice = notice.orElseGet(() -> Suspensions.last(STEP, before).orElse(0));

        awaitState(stack, urgent, Duration.ofMinutes(5), "SUCCEEDED", "FAILED", "CANCELLED");
        long[] resumedFrom = {-1};
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            int attempt = Suspensions.latestAttempt(stack, victim, "chief-0");
            OptionalLong from = attempt < 1 ? OptionalLong.empty()
                    : Suspensions.first(RESUMED, Suspensions.stdout(stack, victim, "chief-0", attempt));
            from.ifPresent(v -> resumedFrom[0] = v);
            return from.isPresent();
        });
        Jobs.api(stack).contentType("application/json").body("{\"reason\": \"bench: measured\"}")
                .post("/api/v1/jobs/" + victim + "/cancel").then().statusCode(202);
        awaitState(stack, victim, Duration.ofMinutes(1), "CANCELLED", "SUCCEEDED", "FAILED");
        return new Row(grace, notice.isPresent(), stepAtNotice, resumedFrom[0], readyMs);
    }

    static String submit(LocalStack stack, JsonNode spec) {
        return Jobs.api(stack).contentType("application/json").body(spec.toString()).post("/api/v1/jobs")
                .then().statusCode(201).extract().path("id");
    }

    static void awaitState(LocalStack stack, String id, Duration timeout, String... states) {
        List<String> wanted = List.of(states);
        await().atMost(timeout).pollInterval(Duration.ofMillis(250)).until(() -> wanted.contains(
                Jobs.api(stack).get("/api/v1/jobs/" + id).then().statusCode(200).extract().path("state")));
    }
}
