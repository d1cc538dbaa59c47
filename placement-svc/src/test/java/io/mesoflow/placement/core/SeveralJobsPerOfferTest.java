package io.mesoflow.placement.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesoflow.events.OfferMade;
import io.mesoflow.events.PortRange;
import io.mesoflow.events.Resources;
import io.mesoflow.events.TaskName;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A round places several jobs on one agent's offers: each job accepts only the offers its tasks
 * need ({@link AcceptedOffers}), and the next job places on the offers left, in the same round.
 */
class SeveralJobsPerOfferTest {
    static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    /** The local agent offering its 8 CPUs as eight one-CPU slices of 25 ports each. */
    static Map<String, AgentCapacity> slicedAgent(int gpus) {
        List<OfferMade> slices = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            slices.add(new OfferMade("s" + i, "local", "127.0.0.1", 1, 1024, 12_800, i < gpus ? 1 : 0,
                    List.of(new PortRange(24400 + 25 * i, 24424 + 25 * i)), Map.of(), NOW));
        }
        Map<String, AgentCapacity> agents = new LinkedHashMap<>();
        agents.put("local", AgentCapacity.of(slices, gpus));
        return agents;
    }

    static QueuedJob job(String id, int tasks, double cpus, double mem, int gpus) {
        return new QueuedJob(id, "t", 0, NOW.minusSeconds(60), IntStream.range(0, tasks)
                .mapToObj(i -> new TaskDemand(TaskName.parse((gpus > 0 ? "gpu_worker-" : "worker-") + i),
                        new Resources(cpus, mem, 0, gpus), 1))
                .toList());
    }

    static PlacementRound.Outcome round(List<QueuedJob> queue, Map<String, AgentCapacity> agents) {
        return PlacementRound.run(queue, Map.of(), Map.of(), agents, new GangPlacer(true), NOW, Duration.ofMinutes(10));
    }

    static List<List<String>> offersOf(PlacementRound.Outcome outcome) {
        return outcome.results().stream().filter(r -> r instanceof PlacementRound.Placed)
                .map(r -> ((PlacementRound.Placed) r).decision().assignments().stream()
                        .flatMap(a -> a.agent().offerIds().stream()).distinct().sorted().toList())
                .toList();
    }

    @Test
    void eightSmallJobsTakeOneSliceEachInOneRound() {
        List<QueuedJob> queue = IntStream.range(0, 10).mapToObj(i -> job("j" + i, 1, 0.15, 64, 0)).toList();
        Map<String, AgentCapacity> agents = slicedAgent(0);

        PlacementRound.Outcome outcome = round(queue, agents);

        assertThat(offersOf(outcome)).containsExactly(List.of("s0"), List.of("s1"), List.of("s2"), List.of("s3"),
                List.of("s4"), List.of("s5"), List.of("s6"), List.of("s7"));
        assertThat(outcome.results().subList(8, 10)).allMatch(r -> r instanceof PlacementRound.Waiting);
        assertThat(agents).doesNotContainKey("local"); // every slice used: the agent left the round
    }

    @Test
    void aJobBiggerThanASliceNamesSeveralAndTheRestStayHeld() {
        List<QueuedJob> queue = List.of(job("big", 3, 0.8, 512, 0), job("small", 1, 0.5, 64, 0));
        Map<String, AgentCapacity> agents = slicedAgent(0);

        PlacementRound.Outcome outcome = round(queue, agents);

        List<List<String>> offers = offersOf(outcome);
        assertThat(offers).hasSize(2);
        assertThat(offers.get(0)).hasSize(3); // 2.4 cpus: three one-CPU slices, one holding the ports
        assertThat(offers.get(1)).hasSize(1).doesNotContainAnyElementsOf(offers.get(0));
        assertThat(agents.get("local").offerIds()).hasSize(4).doesNotContainAnyElementsOf(offers.get(0))
                .doesNotContainAnyElementsOf(offers.get(1));
        assertThat(agents.get("local").cpus()).isEqualTo(4.0);
    }

    @Test
    void everyTaskUsesOnlyPortsOfTheOffersItsJobNamesAndNoOfferServesTwoJobs() {
        List<QueuedJob> queue = List.of(job("a", 2, 0.4, 100, 0), job("b", 4, 0.3, 300, 0), job("c", 1, 1.5, 100, 0),
                job("d", 2, 0.2, 1500, 0));
        Map<String, AgentCapacity> agents = slicedAgent(0);
        Set<String> used = new HashSet<>();

        PlacementRound.Outcome outcome = round(queue, agents);

        assertThat(outcome.results()).hasSize(4);
        for (PlacementRound.Result result : outcome.results()) {
            assertThat(result).isInstanceOf(PlacementRound.Placed.class);
            for (PlacementDecision.Assignment a : ((PlacementRound.Placed) result).decision().assignments()) {
                assertThat(a.ports()).allMatch(port -> a.agent().offers().stream()
                        .anyMatch(o -> o.ports().stream().anyMatch(r -> port >= r.begin() && port <= r.end())));
            }
            List<PlacementDecision.Assignment> assignments = ((PlacementRound.Placed) result).decision().assignments();
            AgentCapacity accepted = assignments.get(0).agent();
            double cpus = assignments.size() * result.job().demands().get(0).resources().cpus();
            double mem = assignments.size() * result.job().demands().get(0).resources().memMb();
            assertThat(accepted.offers().stream().mapToDouble(OfferMade::cpus).sum()).isGreaterThanOrEqualTo(cpus - 1e-9);
            assertThat(accepted.offers().stream().mapToDouble(OfferMade::memMb).sum()).isGreaterThanOrEqualTo(mem);
            assertThat(accepted.offerIds()).noneMatch(used::contains);
            used.addAll(accepted.offerIds());
        }
        assertThat(used).hasSize(8);
    }

    @Test
    void aCpuJobKeepsOffTheSlicesWithGpusSoAGpuJobBehindItStillFits() {
        List<QueuedJob> queue = List.of(job("cpu", 1, 0.5, 64, 0), job("gpu", 1, 0.5, 64, 2));
        Map<String, AgentCapacity> agents = slicedAgent(2);

        PlacementRound.Outcome outcome = round(queue, agents);

        assertThat(offersOf(outcome)).containsExactly(List.of("s2"), List.of("s0", "s1"));
        PlacementDecision.Assignment cpuTask = ((PlacementRound.Placed) outcome.results().get(0)).decision()
                .assignments().get(0);
        assertThat(cpuTask.ports()).containsExactly(24450); // the placer's lowest port (s0's) moved into s2
    }
}
