package io.mesoflow.placement.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesoflow.events.Constraint;
import io.mesoflow.events.OfferMade;
import io.mesoflow.events.PortRange;
import io.mesoflow.events.Resources;
import io.mesoflow.events.TaskName;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Constraints, pack and spread: which agents each task lands on, or the reason it waits. */
class ConstraintPlacementTest {
    static AgentCapacity agent(String id, double cpus, Map<String, String> attributes) {
        return AgentCapacity.of(List.of(new OfferMade("o-" + id, id, id + ".host", cpus, 8192, 10_000, 0,
                List.of(new PortRange(31000, 31099)), attributes, Instant.EPOCH)));
    }

    static List<TaskDemand> workers(int n, String... constraint) {
        List<Constraint> constraints = constraint.length == 0 ? List.of() : List.of(Constraint.parse(List.of(constraint)));
        return java.util.stream.IntStream.range(0, n)
                .mapToObj(i -> new TaskDemand(TaskName.parse("worker-" + i), new Resources(1, 100, 0, 0), 1, constraints))
                .toList();
    }

    static final List<AgentCapacity> ZONES = List.of(
            agent("a1", 8, Map.of("zone", "z1", "gpu_type", "t4")),
            agent("a2", 8, Map.of("zone", "z1", "gpu_type", "a100")),
            agent("a3", 8, Map.of("zone", "z2", "gpu_type", "a100-80g")),
            agent("a4", 8, Map.of("zone", "z2")));

    static Stream<Arguments> placements() {
        return Stream.of(
                Arguments.of("no constraint packs on the first agent", workers(3), List.of("a1", "a1", "a1")),
                Arguments.of("hostname UNIQUE puts each on its own host", workers(3, "hostname", "UNIQUE"),
                        List.of("a1", "a2", "a3")),
                Arguments.of("zone GROUP_BY spreads over zones", workers(4, "zone", "GROUP_BY"),
                        List.of("a1", "a3", "a1", "a3")),
                Arguments.of("gpu_type LIKE a100.* keeps to matching agents", workers(2, "gpu_type", "LIKE", "a100.*"),
                        List.of("a2", "a2")),
                Arguments.of("gpu_type UNLIKE a100.* avoids them (an agent without it is fine)",
                        workers(2, "gpu_type", "UNLIKE", "a100.*"), List.of("a1", "a1")),
                Arguments.of("zone CLUSTER z2", workers(2, "zone", "CLUSTER", "z2"), List.of("a3", "a3")),
                Arguments.of("hostname MAX_PER 2", workers(5, "hostname", "MAX_PER", "2"),
                        List.of("a1", "a1", "a2", "a2", "a3")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("placements")
    void constraintsDecideWhereEachTaskGoes(String name, List<TaskDemand> demands, List<String> agents) {
        PlacementDecision decision = new GangPlacer(false).place(demands, ZONES);

        assertThat(decision).isInstanceOf(PlacementDecision.Placed.class);
        assertThat(((PlacementDecision.Placed) decision).assignments())
                .extracting(a -> a.agent().agentId()).containsExactlyElementsOf(agents);
    }

    @Test
    void aConstraintNoAgentCanMeetIsTheReasonTheJobWaits() {
        PlacementDecision decision = new GangPlacer(false).place(workers(5, "hostname", "UNIQUE"), ZONES);

        assertThat(decision).isEqualTo(new PlacementDecision.Waiting("needs 1 cpus, 100 MB mem and 1 port on one "
                + "agent for worker-4; 4 agent(s) have the resources but none satisfies [hostname UNIQUE]"));
    }

    @Test
    void packFillsTheFullestAgentAndSpreadTheEmptiest() {
        List<AgentCapacity> agents = List.of(agent("big", 16, Map.of()), agent("small", 4, Map.of()),
                agent("mid", 8, Map.of()));

        PlacementDecision pack = new GangPlacer(false, GangPlacer.Strategy.PACK).place(workers(2), agents);
        PlacementDecision spread = new GangPlacer(false, GangPlacer.Strategy.SPREAD).place(workers(2), agents);

        assertThat(((PlacementDecision.Placed) pack).assignments()).extracting(a -> a.agent().agentId())
                .containsExactly("small", "small");
        assertThat(((PlacementDecision.Placed) spread).assignments()).extracting(a -> a.agent().agentId())
                .containsExactly("big", "big");
    }

    @Test
    void theAgentsGivenAreNeverChanged() {
        AgentCapacity a1 = agent("a1", 8, Map.of());

        new GangPlacer(false).place(workers(3), List.of(a1));

        assertThat(a1.cpus()).isEqualTo(8);
        assertThat(a1.freePortCount()).isEqualTo(100);
    }

    @Test
    void aPerTaskOverheadIsReservedWithEveryTask() {
        List<TaskDemand> demands = LaunchPlanner.withOverhead(workers(2), 0.1, 32, 10);
        AgentCapacity exact = agent("a1", 2, Map.of());
        AgentCapacity roomy = agent("a2", 2.2, Map.of());

        assertThat(new GangPlacer(false).place(demands, List.of(exact))).isInstanceOf(PlacementDecision.Waiting.class);
        assertThat(new GangPlacer(false).place(demands, List.of(roomy))).isInstanceOf(PlacementDecision.Placed.class);
        assertThat(demands.get(0).resources().memMb()).isEqualTo(132);
    }
}
