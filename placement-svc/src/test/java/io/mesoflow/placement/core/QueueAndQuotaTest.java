package io.mesoflow.placement.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesoflow.events.OfferMade;
import io.mesoflow.events.PortRange;
import io.mesoflow.events.Resources;
import io.mesoflow.events.TaskName;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Queue order, fair share, backfill, quotas and GPU-hour budgets. */
class QueueAndQuotaTest {
    static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");

    static QueuedJob job(String id, String team, int priority, int minutesAgo, int workers, double cpus, int gpus) {
        List<TaskDemand> demands = IntStream.range(0, workers)
                .mapToObj(i -> new TaskDemand(TaskName.parse((gpus > 0 ? "gpu_worker-" : "worker-") + i),
                        new Resources(cpus, 100, 0, gpus), 1))
                .toList();
        return new QueuedJob(id, team, priority, NOW.minusSeconds(60L * minutesAgo), demands);
    }

    static Map<String, AgentCapacity> agents(double... cpus) {
        Map<String, AgentCapacity> agents = new LinkedHashMap<>();
        for (int i = 0; i < cpus.length; i++) {
            String id = "a" + (i + 1);
            agents.put(id, AgentCapacity.of(List.of(new OfferMade("o-" + id, id, id, cpus[i], 65536, 10_000, 0,
                    List.of(new PortRange(31000, 31999)), Map.of(), NOW))));
        }
        return agents;
    }

    static PlacementRound.Outcome round(List<QueuedJob> queue, Map<String, TeamQuota> quotas,
                                        Map<String, TeamUsage> usage, Map<String, AgentCapacity> agents) {
        return PlacementRound.run(queue, quotas, usage, agents, new GangPlacer(false), NOW, Duration.ofMinutes(10));
    }

    static List<String> placed(PlacementRound.Outcome outcome) {
        return outcome.results().stream().filter(r -> r instanceof PlacementRound.Placed).map(r -> r.job().jobId()).toList();
    }

    static String reason(PlacementRound.Outcome outcome, String jobId) {
        return outcome.results().stream().filter(r -> r.job().jobId().equals(jobId))
                .map(r -> ((PlacementRound.Waiting) r).reason()).findFirst().orElseThrow();
    }

    @Test
    void higherPriorityGoesFirstThenTheTeamWithTheSmallerDominantShareThenTheOlderJob() {
        Map<String, TeamUsage> usage = Map.of("ml", new TeamUsage(30, 1000, 0, 0), "vision", new TeamUsage(2, 1000, 0, 0));
        List<QueuedJob> queue = List.of(
                job("ml-old", "ml", 0, 30, 1, 4, 0),
                job("vision-new", "vision", 0, 1, 1, 4, 0),
                job("vision-old", "vision", 0, 5, 1, 4, 0),
                job("urgent", "ml", 5, 0, 1, 4, 0));

        PlacementRound.Outcome outcome = round(queue, Map.of(), usage, agents(8));

        assertThat(outcome.results()).extracting(r -> r.job().jobId())
                .containsExactly("urgent", "vision-old", "vision-new", "ml-old");
        assertThat(placed(outcome)).containsExactly("urgent");
    }

    @Test
    void aSmallJobBackfillsPastABigOneThatDoesNotFit() {
        List<QueuedJob> queue = List.of(job("big", "ml", 0, 5, 4, 4, 0), job("small", "ml", 0, 1, 1, 2, 0));

        PlacementRound.Outcome outcome = round(queue, Map.of(), Map.of(), agents(8));

        assertThat(placed(outcome)).containsExactly("small");
        assertThat(outcome.reservedBy()).isNull();
    }

    @Test
    void aJobWaitingLongerThanTheBackfillLimitStopsBackfillBehindIt() {
        List<QueuedJob> queue = List.of(job("big", "ml", 0, 11, 4, 4, 0), job("small", "ml", 0, 1, 1, 2, 0));

        PlacementRound.Outcome outcome = round(queue, Map.of(), Map.of(), agents(8));

        assertThat(placed(outcome)).isEmpty();
        assertThat(outcome.reservedBy()).isEqualTo("big");
        assertThat(reason(outcome, "small")).isEqualTo("waiting behind job big, which has waited 11 min (over the "
                + "backfill limit of 10 min) and now has resources kept for it");
        assertThat(outcome.anyWaitingForResources()).isTrue();
    }

    @Test
    void aJobThatCanNeverFitSaysSoAndDoesNotHoldUpTheQueue() {
        List<QueuedJob> queue = List.of(job("huge", "ml", 0, 60, 1, 16, 0), job("small", "ml", 0, 1, 1, 2, 0));

        PlacementRound.Outcome outcome = PlacementRound.run(queue, Map.of(), Map.of(), agents(8),
                List.of(new AgentTotal("a1", 8, 65536, 0)), new GangPlacer(false), NOW, Duration.ofMinutes(10));

        assertThat(placed(outcome)).containsExactly("small");
        assertThat(outcome.reservedBy()).isNull();
        assertThat(reason(outcome, "huge")).startsWith("can never fit on the 1 agent(s) seen so far: worker-0 needs "
                + "16 cpus, 100 MB mem and 1 port; the largest agent it may use (a1) has 8 cpus, 65536 MB mem (now: ");
    }

    static Stream<Arguments> quotaCases() {
        return Stream.of(
                Arguments.of("gpu quota", new TeamQuota("ml", null, null, 8, null, 168), new TeamUsage(0, 0, 6, 0),
                        job("j", "ml", 0, 0, 2, 1, 2), "team ml quota: 6 gpus in use + 4 needed > 8 allowed"),
                Arguments.of("cpu quota", new TeamQuota("ml", 10.0, null, null, null, 168), new TeamUsage(8, 0, 0, 0),
                        job("j", "ml", 0, 0, 3, 1, 0), "team ml quota: 8 cpus in use + 3 needed > 10 allowed"),
                Arguments.of("memory quota", new TeamQuota("ml", null, 1000.0, null, null, 168),
                        new TeamUsage(0, 900, 0, 0), job("j", "ml", 0, 0, 2, 1, 0),
                        "team ml quota: 900 MB mem in use + 200 needed > 1000 allowed"),
                Arguments.of("gpu-hour budget", new TeamQuota("ml", null, null, null, 100.0, 168),
                        new TeamUsage(0, 0, 0, 118.2), job("j", "ml", 0, 0, 1, 1, 1),
                        "team ml over GPU-hour budget: 118.2 of 100 h used in the last 7 days"),
                Arguments.of("budget spent but a CPU job may run", new TeamQuota("ml", null, null, null, 100.0, 168),
                        new TeamUsage(0, 0, 0, 118.2), job("j", "ml", 0, 0, 1, 1, 0), null),
                Arguments.of("inside every limit", new TeamQuota("ml", 64.0, 65536.0, 8, 100.0, 24),
                        new TeamUsage(4, 400, 2, 50), job("j", "ml", 0, 0, 2, 1, 2), null),
                Arguments.of("no quota", null, new TeamUsage(400, 4000, 20, 5000), job("j", "ml", 0, 0, 2, 1, 2), null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("quotaCases")
    void quotasAndBudgetsHoldJobsBackWithTheNumbers(String name, TeamQuota quota, TeamUsage usage, QueuedJob job,
                                                    String reason) {
        assertThat(QuotaGate.check(job, quota, usage)).isEqualTo(reason);
    }

    @Test
    void aJobOverQuotaWaitsAndNeverReservesWhileOtherTeamsGoOn() {
        Map<String, TeamQuota> quotas = Map.of("ml", new TeamQuota("ml", 2.0, null, null, null, 168));
        List<QueuedJob> queue = List.of(job("ml-1", "ml", 0, 60, 4, 1, 0), job("cv-1", "cv", 0, 1, 1, 1, 0));

        PlacementRound.Outcome outcome = round(queue, quotas, Map.of(), agents(8));

        assertThat(placed(outcome)).containsExactly("cv-1");
        assertThat(outcome.reservedBy()).isNull();
        assertThat(reason(outcome, "ml-1")).isEqualTo("team ml quota: 0 cpus in use + 4 needed > 2 allowed");
    }

    @Test
    void jobsPlacedEarlierInARoundCountAgainstTheirTeamsQuota() {
        Map<String, TeamQuota> quotas = Map.of("ml", new TeamQuota("ml", 3.0, null, null, null, 168));
        List<QueuedJob> queue = List.of(job("ml-1", "ml", 0, 2, 2, 1, 0), job("ml-2", "ml", 0, 1, 2, 1, 0));

        PlacementRound.Outcome outcome = round(queue, quotas, Map.of(), agents(4, 4));

        assertThat(placed(outcome)).containsExactly("ml-1");
        assertThat(reason(outcome, "ml-2")).isEqualTo("team ml quota: 2 cpus in use + 2 needed > 3 allowed");
    }

    @Test
    void gpuHoursCountOnlyTheWindowAndRunningTasksUntilNow() {
        List<GpuHours.Interval> intervals = List.of(
                new GpuHours.Interval(2, NOW.minusSeconds(3 * 3600), NOW.minusSeconds(3600)),   // 2 gpus x 2 h
                new GpuHours.Interval(4, NOW.minusSeconds(1800), null),                        // 4 gpus x 0.5 h, running
                new GpuHours.Interval(8, NOW.minusSeconds(30 * 3600), NOW.minusSeconds(23 * 3600))); // 8 x 1 h inside 24 h

        assertThat(GpuHours.used(intervals, NOW, Duration.ofHours(24))).isCloseTo(4 + 2 + 8, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(GpuHours.used(intervals, NOW, Duration.ofHours(2))).isCloseTo(2 + 2, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void heldOffersGoBackAfterTheIdleHoldWhenNobodyWaitsAndAfterTheHoldTimeoutOtherwise() {
        List<OfferRelease.Held> held = List.of(new OfferRelease.Held("o1", "a1", NOW.minusSeconds(40)),
                new OfferRelease.Held("o2", "a2", NOW.minusSeconds(5)));

        assertThat(OfferRelease.decide(held, false, NOW, Duration.ZERO, Duration.ofSeconds(30)))
                .extracting(OfferRelease.Decline::offerId, OfferRelease.Decline::reason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("o1", "no job waits for resources"),
                        org.assertj.core.groups.Tuple.tuple("o2", "no job waits for resources"));
        assertThat(OfferRelease.decide(held, false, NOW, Duration.ofSeconds(10), Duration.ofSeconds(30)))
                .extracting(OfferRelease.Decline::offerId).containsExactly("o1");
        assertThat(OfferRelease.decide(held, true, NOW, Duration.ZERO, Duration.ofSeconds(30)))
                .extracting(OfferRelease.Decline::offerId, OfferRelease.Decline::reason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("o1", "held 30 s without a job fitting"));
    }
}
