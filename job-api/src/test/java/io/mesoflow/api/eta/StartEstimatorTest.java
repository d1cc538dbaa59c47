package io.mesoflow.api.eta;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesoflow.api.eta.StartEstimator.Estimate;
import io.mesoflow.api.eta.StartEstimator.Queued;
import io.mesoflow.api.eta.StartEstimator.Running;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StartEstimatorTest {
    static final Instant NOW = Instant.parse("2025-03-01T10:00:00Z");
    static final String RESOURCES = "needs 4 gpus on one agent for gpu_worker-2; largest free: 2 gpus on agent a7";

    static Instant at(int minutes) {
        return NOW.plusSeconds(60L * minutes);
    }

    static Queued queued(String id, int priority, int submittedMinutesAgo, Demand demand) {
        return queued(id, "ml", priority, submittedMinutesAgo, demand, RESOURCES);
    }

    static Queued queued(String id, String team, int priority, int submittedMinutesAgo, Demand demand, String reason) {
        return new Queued(id, team, priority, NOW.minusSeconds(60L * submittedMinutesAgo), demand, reason);
    }

    static Running running(String id, Demand demand, Integer finishInMinutes) {
        return running(id, "ml", demand, finishInMinutes);
    }

    static Running running(String id, String team, Demand demand, Integer finishInMinutes) {
        return new Running(id, team, demand, finishInMinutes == null ? null : at(finishInMinutes),
                finishInMinutes == null ? "total steps unknown" : null);
    }

    static List<Estimate> estimate(List<Queued> queued, List<Running> running) {
        return StartEstimator.estimate(queued, running, NOW, team -> true);
    }

    static Demand gpus(int n) {
        return new Demand(n, 1024L * n, n);
    }

    @Test
    void theQueueIsInPlacementsOrderPriorityFirstThenSubmitTime() {
        List<Estimate> estimates = estimate(List.of(queued("old-low", 0, 30, gpus(1)), queued("new-high", 5, 1, gpus(1)),
                queued("old-high", 5, 20, gpus(1))), List.of(running("r", gpus(8), 10)));
        assertThat(estimates).extracting(Estimate::jobId).containsExactly("old-high", "new-high", "old-low");
        assertThat(estimates).extracting(Estimate::position).containsExactly(1, 2, 3);
    }

    /** Table: running jobs free 2, 2, 4 GPUs at 10, 20, 30 min; queued jobs need 2, 2, 4, 1 in order. */
    @Test
    void eachJobStartsWhenTheFreedResourcesCoverTheJobsAheadPlusItsOwn() {
        List<Running> running = List.of(running("r30", gpus(4), 30), running("r10", gpus(2), 10),
                running("r20", gpus(2), 20));
        List<Estimate> estimates = estimate(List.of(queued("a", 0, 40, gpus(2)), queued("b", 0, 30, gpus(2)),
                queued("c", 0, 20, gpus(4)), queued("d", 0, 10, gpus(1))), running);
        assertThat(estimates).extracting(Estimate::eta).containsExactly(at(10), at(20), at(30), null);
        assertThat(estimates.get(0).reason()).isEqualTo("waits for job r10 (finish ETA 10:10 UTC)");
        assertThat(estimates.get(2).reason()).isEqualTo("waits for job r30 (finish ETA 10:30 UTC)");
        assertThat(estimates.get(3).reason()).startsWith("needs more than the running jobs free (9 cpus, 9216 MB mem, 9 gpus")
                .endsWith("waits for " + RESOURCES);
    }

    @Test
    void everyResourceMustBeCoveredNotOnlyGpus() {
        List<Running> running = List.of(running("gpu-box", new Demand(1, 1000, 4), 5),
                running("cpu-box", new Demand(16, 64000, 0), 50));
        List<Estimate> estimates = estimate(List.of(queued("big-mem", 0, 1, new Demand(2, 32000, 1))), running);
        assertThat(estimates.get(0).eta()).isEqualTo(at(50));
        assertThat(estimates.get(0).reason()).contains("job cpu-box");
    }

    @Test
    void aRunningJobWithoutFinishEtaMakesTheStartUnknownOnlyWhenTheJobMustWaitForIt() {
        List<Running> running = List.of(running("known", gpus(2), 10), running("xyz", gpus(4), null));
        List<Estimate> estimates = estimate(List.of(queued("fits-early", 0, 2, gpus(2)), queued("needs-more", 0, 1, gpus(2))),
                running);
        assertThat(estimates.get(0).eta()).isEqualTo(at(10));
        assertThat(estimates.get(1).eta()).isNull();
        assertThat(estimates.get(1).reason())
                .isEqualTo("waits for job xyz, which has no finish ETA: total steps unknown");
    }

    @Test
    void aRunningJobThatReportsNoProgressIsNamed() {
        Running silent = new Running("xyz", "ml", gpus(4), null, null);
        assertThat(estimate(List.of(queued("q", 0, 1, gpus(1))), List.of(silent)).get(0).reason())
                .isEqualTo("waits for job xyz, which reports no progress");
    }

    @Test
    void withNothingRunningTheJobWaitsForPlacementsReason() {
        Estimate only = estimate(List.of(queued("q", 0, 1, gpus(1))), List.of()).get(0);
        assertThat(only.eta()).isNull();
        assertThat(only.reason()).isEqualTo("waits for " + RESOURCES);
        assertThat(estimate(List.of(queued("q", "ml", 0, 1, gpus(1), null)), List.of()).get(0).reason())
                .isEqualTo("waits for placement");
    }

    @Test
    void aJobQueuedOnItsTeamsQuotaWaitsOnlyForItsTeamsRunningJobsAndTeamJobsAhead() {
        String quota = "team ml quota: 6 gpus in use + 4 needed > 8 allowed";
        List<Running> running = List.of(running("other-team", "cv", gpus(8), 5), running("ml-1", "ml", gpus(2), 20),
                running("ml-2", "ml", gpus(4), 40));
        List<Estimate> estimates = estimate(List.of(queued("cv-first", "cv", 9, 1, gpus(8), RESOURCES),
                queued("ml-q1", "ml", 0, 3, gpus(2), quota), queued("ml-q2", "ml", 0, 2, gpus(4), quota)), running);
        assertThat(estimates).extracting(Estimate::eta).containsExactly(at(5), at(20), at(40));
        assertThat(estimates.get(1).reason()).isEqualTo("waits for job ml-1 (finish ETA 10:20 UTC)");
    }

    @Test
    void aJobHeldByItsTeamsBudgetWaitsForTheWindowAndTakesNothingFromTheJobsBehind() {
        String budget = "team ml over GPU-hour budget: 118.2 of 100 h used in the last 7 days";
        List<Estimate> estimates = estimate(List.of(queued("held", "ml", 9, 5, gpus(8), budget),
                queued("next", "cv", 0, 1, gpus(2), RESOURCES)), List.of(running("r", "cv", gpus(2), 15)));
        assertThat(estimates.get(0).eta()).isNull();
        assertThat(estimates.get(0).reason()).isEqualTo("waits for " + budget);
        assertThat(estimates.get(1).eta()).isEqualTo(at(15));
    }

    @Test
    void aFinishEtaAlreadyPastMeansStartingNowAndOtherTeamsJobsAreNotNamed() {
        Running late = running("secret-project", "cv", gpus(2), -5);
        Estimate estimate = StartEstimator.estimate(List.of(queued("q", 0, 1, gpus(1))), List.of(late), NOW,
                "ml"::equals).get(0);
        assertThat(estimate.eta()).isEqualTo(NOW);
        assertThat(estimate.reason()).isEqualTo("waits for a job of another team (finish ETA 09:55 UTC)")
                .doesNotContain("secret-project");
    }

    @Test
    void anEtaOnAnotherDayShowsItsDate() {
        assertThat(StartEstimator.time(Instant.parse("2025-03-02T01:05:00Z"), NOW)).isEqualTo("2025-03-02 01:05 UTC");
    }

    @Test
    void aThousandQueuedJobsAgainstAThousandRunningAreEstimatedQuickly() {
        List<Queued> queued = java.util.stream.IntStream.range(0, 1000)
                .mapToObj(i -> queued("q" + i, i % 3, i, gpus(1 + i % 4))).toList();
        List<Running> running = java.util.stream.IntStream.range(0, 1000)
                .mapToObj(i -> running("r" + i, gpus(1 + i % 8), i % 50 == 0 ? null : i)).toList();
        long start = System.nanoTime();
        List<Estimate> estimates = estimate(queued, running);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(estimates).hasSize(1000);
        assertThat(millis).isLessThan(2_000);
    }
}
