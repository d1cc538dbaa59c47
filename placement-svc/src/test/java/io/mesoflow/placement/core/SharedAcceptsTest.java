package io.mesoflow.placement.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesoflow.events.LaunchSpec;
import io.mesoflow.events.OfferMade;
import io.mesoflow.events.PortRange;
import io.mesoflow.events.Resources;
import io.mesoflow.events.TaskName;
import io.mesoflow.events.TaskPlacement;
import io.mesoflow.events.TasksPlaced;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Jobs of one round share an agent's ACCEPT ({@link SharedAccepts}): a later job joins what the
 * offers an earlier one accepted have left, up to {@code jobs-per-accept}, never getting a port or
 * GPU given already; with 1, each job accepts its own offers as before.
 */
class SharedAcceptsTest {
    static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    static OfferMade offer(String id, String agent, double cpus, int gpus, int firstPort, int lastPort) {
        return new OfferMade(id, agent, agent + ".host", cpus, 4096, 10_000, gpus,
                List.of(new PortRange(firstPort, lastPort)), Map.of(), NOW);
    }

    static Map<String, AgentCapacity> agents(List<OfferMade> offers) {
        Map<String, List<OfferMade>> byAgent = new LinkedHashMap<>();
        offers.forEach(o -> byAgent.computeIfAbsent(o.agentId(), a -> new ArrayList<>()).add(o));
        Map<String, AgentCapacity> agents = new LinkedHashMap<>();
        byAgent.forEach((id, list) -> agents.put(id, AgentCapacity.of(list)));
        return agents;
    }

    /** Jobs are tried in the order of their ids' numbers (their submit times). */
    static QueuedJob job(String id, int tasks, double cpus, int gpus) {
        int n = Integer.parseInt(id.replaceAll("\\D", ""));
        return new QueuedJob(id, "t", 0, NOW.minusSeconds(60 - n), IntStream.range(0, tasks)
                .mapToObj(i -> new TaskDemand(TaskName.parse((gpus > 0 ? "gpu_worker-" : "worker-") + i),
                        new Resources(cpus, 64, 0, gpus), 1))
                .toList());
    }

    static PlacementRound.Outcome round(List<QueuedJob> queue, Map<String, AgentCapacity> agents, int jobsPerAccept) {
        return PlacementRound.run(queue, Map.of(), Map.of(), agents, List.of(), new GangPlacer(false), NOW,
                Duration.ofMinutes(10), PlacementRound.Holds.NONE, jobsPerAccept);
    }

    static List<String> placedJobs(PlacementRound.Outcome outcome) {
        return outcome.results().stream().filter(r -> r instanceof PlacementRound.Placed).map(r -> r.job().jobId())
                .toList();
    }

    static PlacementDecision.Placed decision(PlacementRound.Outcome outcome, String jobId) {
        return outcome.results().stream().filter(r -> r.job().jobId().equals(jobId))
                .map(r -> ((PlacementRound.Placed) r).decision()).findFirst().orElseThrow();
    }

    static List<Integer> allPorts(PlacementRound.Outcome outcome) {
        return outcome.results().stream().filter(r -> r instanceof PlacementRound.Placed)
                .flatMap(r -> ((PlacementRound.Placed) r).decision().assignments().stream())
                .flatMap(a -> a.ports().stream()).toList();
    }

    @Test
    void aSecondAndThirdJobJoinTheAcceptOfTheFirstOnItsOneOffer() {
        Map<String, AgentCapacity> agents = agents(List.of(offer("o1", "a", 4, 0, 31000, 31009)));

        PlacementRound.Outcome outcome = round(List.of(job("j1", 1, 1, 0), job("j2", 1, 1, 0), job("j3", 1, 1, 0)),
                agents, 8);

        assertThat(placedJobs(outcome)).containsExactly("j1", "j2", "j3");
        assertThat(outcome.shared()).containsExactly(new SharedAccepts.Shared("a", List.of("j1", "j2", "j3")));
        for (String job : List.of("j1", "j2", "j3")) {
            assertThat(decision(outcome, job).assignments().get(0).agent().offerIds()).containsExactly("o1");
        }
        assertThat(allPorts(outcome)).doesNotHaveDuplicates().hasSize(3);
        assertThat(agents).doesNotContainKey("a"); // its one offer is named by the ACCEPT: nothing else held
    }

    @Test
    void withOneJobPerAcceptEachJobAcceptsItsOwnOffersAsBefore() {
        Map<String, AgentCapacity> agents = agents(List.of(offer("o1", "a", 4, 0, 31000, 31009)));

        PlacementRound.Outcome outcome = round(List.of(job("j1", 1, 1, 0), job("j2", 1, 1, 0)), agents, 1);

        assertThat(placedJobs(outcome)).containsExactly("j1");
        assertThat(outcome.shared()).isEmpty();
        assertThat(agents).isEmpty();
    }

    @Test
    void aJobThatDoesNotFitTheRemainderDoesNotJoinButASmallerOneBehindItDoes() {
        Map<String, AgentCapacity> agents = agents(List.of(offer("o1", "a", 2, 0, 31000, 31009)));

        PlacementRound.Outcome outcome = round(List.of(job("j1", 1, 1.5, 0), job("big2", 1, 1, 0),
                job("small3", 1, 0.5, 0)), agents, 8);

        assertThat(placedJobs(outcome)).containsExactly("j1", "small3");
        assertThat(outcome.shared()).containsExactly(new SharedAccepts.Shared("a", List.of("j1", "small3")));
        assertThat(outcome.results().get(1)).isInstanceOf(PlacementRound.Waiting.class);
    }

    @Test
    void portsAreNeverGivenTwiceAndAJobShortOfPortsWaits() {
        Map<String, AgentCapacity> agents = agents(List.of(offer("o1", "a", 8, 0, 31000, 31002)));

        PlacementRound.Outcome outcome = round(List.of(job("j1", 2, 1, 0), job("j2", 2, 1, 0), job("j3", 1, 1, 0)),
                agents, 8);

        assertThat(placedJobs(outcome)).containsExactly("j1", "j3");
        assertThat(allPorts(outcome)).containsExactlyInAnyOrder(31000, 31001, 31002);
    }

    @Test
    void gpusAreNeverGivenTwice() {
        Map<String, AgentCapacity> agents = agents(List.of(offer("o1", "g", 8, 2, 31000, 31009)));

        PlacementRound.Outcome outcome = round(List.of(job("j1", 1, 1, 1), job("j2", 1, 1, 1), job("j3", 1, 1, 1)),
                agents, 8);

        assertThat(placedJobs(outcome)).containsExactly("j1", "j2");
        assertThat(outcome.shared()).containsExactly(new SharedAccepts.Shared("g", List.of("j1", "j2")));
    }

    @Test
    void theLimitClosesTheAcceptAndTheAgentsOtherOffersOpenTheNext() {
        Map<String, AgentCapacity> agents = agents(List.of(offer("s0", "a", 2, 0, 31000, 31004),
                offer("s1", "a", 2, 0, 31005, 31009)));
        List<QueuedJob> queue = IntStream.range(1, 6).mapToObj(i -> job("j" + i, 1, 0.5, 0)).toList();

        PlacementRound.Outcome outcome = round(queue, agents, 2);

        assertThat(placedJobs(outcome)).containsExactly("j1", "j2", "j3", "j4");
        assertThat(outcome.shared()).containsExactly(new SharedAccepts.Shared("a", List.of("j1", "j2")),
                new SharedAccepts.Shared("a", List.of("j3", "j4")));
        assertThat(decision(outcome, "j2").assignments().get(0).agent().offerIds()).containsExactly("s0");
        assertThat(decision(outcome, "j4").assignments().get(0).agent().offerIds()).containsExactly("s1");
        assertThat(allPorts(outcome)).doesNotHaveDuplicates();
    }

    @Test
    void aJoinerNeedingMoreThanTheRemainderBringsAnotherOfferIntoTheSameAccept() {
        Map<String, AgentCapacity> agents = agents(List.of(offer("s0", "a", 1, 0, 31000, 31004),
                offer("s1", "a", 1, 0, 31005, 31009)));

        PlacementRound.Outcome outcome = round(List.of(job("j1", 1, 0.6, 0), job("j2", 1, 0.8, 0)), agents, 8);

        assertThat(outcome.shared()).containsExactly(new SharedAccepts.Shared("a", List.of("j1", "j2")));
        assertThat(decision(outcome, "j1").assignments().get(0).agent().offerIds()).containsExactly("s0");
        assertThat(decision(outcome, "j2").assignments().get(0).agent().offerIds()).containsExactly("s0", "s1");
        assertThat(allPorts(outcome)).doesNotHaveDuplicates();
        assertThat(agents).doesNotContainKey("a");
    }

    @Test
    void aGangSpanningAgentsNeverJoinsAnOpenAcceptItIsPlacedWithTheOpenAcceptsClosed() {
        Map<String, AgentCapacity> agents = agents(List.of(offer("o1", "a1", 2, 0, 31000, 31009),
                offer("o2", "a2", 2, 0, 32000, 32009)));

        PlacementRound.Outcome outcome = round(List.of(job("j1", 1, 1, 0), job("gang2", 2, 1, 0)), agents, 8);

        assertThat(placedJobs(outcome)).containsExactly("j1", "gang2");
        assertThat(decision(outcome, "gang2").assignments()).allMatch(a -> a.agent().agentId().equals("a2"))
                .allMatch(a -> a.agent().offerIds().equals(List.of("o2")));
        assertThat(outcome.shared()).isEmpty();
    }

    @Test
    void everyJobOfASharedAcceptNamesEveryOfferItNamesSoNoneIsStrandedWhenOneJobIsLeftOut() {
        LaunchSpec launch = new LaunchSpec("file:///a.tgz", "main.py", Map.of(), "/out", Map.of(), List.of());
        Resources small = new Resources(0.5, 64, 0, 0);
        TasksPlaced j1 = new TasksPlaced("j1", 1, List.of(new TaskPlacement("worker-0", 0, "a", "a.host",
                List.of("s0"), small, List.of(31000), launch)), NOW);
        TasksPlaced j2 = new TasksPlaced("j2", 1, List.of(new TaskPlacement("worker-0", 0, "a", "a.host",
                List.of("s0", "s1"), small, List.of(31005), launch), new TaskPlacement("worker-1", 0, "a", "a.host",
                List.of("s0", "s1"), small, List.of(31006), launch)), NOW);

        List<TasksPlaced> published = SharedAccepts.namingEveryOffer(List.of(j1, j2));

        assertThat(published).extracting(TasksPlaced::jobId).containsExactly("j1", "j2");
        assertThat(published).flatExtracting(TasksPlaced::tasks).extracting(TaskPlacement::offerIds)
                .containsOnly(List.of("s0", "s1"));
        assertThat(published.get(1).tasks()).extracting(TaskPlacement::ports)
                .containsExactly(List.of(31005), List.of(31006));
        assertThat(published.get(0).tasks().get(0).resources()).isEqualTo(small);
    }
}
