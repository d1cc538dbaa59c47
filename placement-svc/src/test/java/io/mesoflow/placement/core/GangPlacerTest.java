package io.mesoflow.placement.core;

import static org.assertj.core.api.Assertions.assertThat;

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

class GangPlacerTest {
    private final GangPlacer placer = new GangPlacer(false);

    static AgentCapacity agent(String id, double cpus, double mem, int gpus, int ports) {
        return AgentCapacity.of(List.of(new OfferMade("o-" + id, id, id + ".host", cpus, mem, 10_000, gpus,
                List.of(new PortRange(31000, 31000 + ports - 1)), Map.of(), Instant.EPOCH)));
    }

    static TaskDemand task(String name, double cpus, double mem, int gpus) {
        return new TaskDemand(TaskName.parse(name), new Resources(cpus, mem, 0, gpus), 1);
    }

    static Stream<Arguments> waitingCases() {
        return Stream.of(
                Arguments.of("no offers at all", List.of(), List.of(task("worker-0", 1, 100, 0)),
                        "no resource offers are held: waiting for the backend to offer resources"),
                Arguments.of("not enough cpus", List.of(agent("a1", 2, 4096, 0, 10)),
                        List.of(task("worker-0", 1, 100, 0), task("worker-1", 1.5, 100, 0)),
                        "needs 1 cpus, 100 MB mem and 1 port on one agent for worker-0; "
                                + "largest free: 0.5 cpus, 3996 MB mem, 9 ports on agent a1"),
                Arguments.of("gpu task without gpu agents", List.of(agent("a1", 8, 8192, 0, 10)),
                        List.of(task("gpu_worker-0", 1, 100, 1)),
                        "needs 1 cpus, 100 MB mem, 1 gpu and 1 port on one agent for gpu_worker-0; "
                                + "no agent with GPUs is offered"),
                Arguments.of("too few gpus on one agent", List.of(agent("a7", 8, 8192, 2, 10), agent("a8", 8, 8192, 1, 10)),
                        List.of(task("gpu_worker-2", 1, 100, 4)),
                        "needs 1 cpus, 100 MB mem, 4 gpus and 1 port on one agent for gpu_worker-2; "
                                + "largest free: 2 gpus on agent a7"),
                Arguments.of("cpu task with only gpu agents", List.of(agent("g1", 8, 8192, 4, 10)),
                        List.of(task("ps-0", 1, 100, 0)),
                        "needs 1 cpus, 100 MB mem and 1 port on one agent for ps-0; "
                                + "only GPU agents are offered and CPU-only tasks do not use them"),
                Arguments.of("ports run out", List.of(agent("a1", 8, 8192, 0, 1)),
                        List.of(task("worker-0", 1, 100, 0), task("worker-1", 1, 100, 0)),
                        "needs 1 cpus, 100 MB mem and 1 port on one agent for worker-1; "
                                + "largest free: 7 cpus, 8092 MB mem, 0 ports on agent a1"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("waitingCases")
    void waitsWithAReasonAPersonCanActOn(String name, List<AgentCapacity> agents, List<TaskDemand> demands,
                                         String reason) {
        PlacementDecision decision = placer.place(demands, agents);

        assertThat(decision).isEqualTo(new PlacementDecision.Waiting(reason));
    }

    @Test
    void placesTheWholeGangWithDistinctPortsOnOneAgent() {
        PlacementDecision decision = placer.place(List.of(task("ps-0", 1, 100, 0), task("worker-0", 1, 100, 0),
                task("worker-1", 1, 100, 0)), List.of(agent("a1", 4, 4096, 0, 100)));

        assertThat(decision).isInstanceOf(PlacementDecision.Placed.class);
        List<PlacementDecision.Assignment> assignments = ((PlacementDecision.Placed) decision).assignments();
        assertThat(assignments).extracting(a -> a.task().toString()).containsExactly("ps-0", "worker-0", "worker-1");
        assertThat(assignments).flatExtracting(PlacementDecision.Assignment::ports).doesNotHaveDuplicates().hasSize(3);
    }

    @Test
    void gpuTasksLandOnGpuAgentsAndCpuTasksAvoidThem() {
        PlacementDecision decision = placer.place(List.of(task("ps-0", 1, 100, 0), task("gpu_worker-0", 1, 100, 2)),
                List.of(agent("cpu1", 4, 4096, 0, 10), agent("gpu1", 16, 65536, 4, 10)));

        List<PlacementDecision.Assignment> assignments = ((PlacementDecision.Placed) decision).assignments();
        assertThat(assignments).extracting(a -> a.task() + "@" + a.agent().agentId())
                .containsExactly("ps-0@cpu1", "gpu_worker-0@gpu1");
    }

    @Test
    void anAgentWhoseGpusAreAllInUseIsStillAGpuAgentSoCpuTasksGoToTheIdleCpuAgent() {
        AgentCapacity busyGpuAgent = AgentCapacity.of(List.of(new OfferMade("o-g", "gpu1", "gpu1.host", 16, 65536,
                10_000, 0, List.of(new PortRange(31000, 31009)), Map.of(), Instant.EPOCH)), 1);
        List<TaskDemand> cpuTasks = List.of(task("ps-0", 1, 100, 0), task("worker-0", 1, 100, 0),
                task("worker-1", 1, 100, 0), task("worker-2", 1, 100, 0), task("chief-0", 1, 100, 0));

        PlacementDecision decision = placer.place(cpuTasks, List.of(busyGpuAgent, agent("cpu1", 8, 8192, 0, 10)));

        assertThat(busyGpuAgent.isGpuAgent()).isTrue();
        assertThat(((PlacementDecision.Placed) decision).assignments())
                .allSatisfy(a -> assertThat(a.agent().agentId()).isEqualTo("cpu1"));
    }

    @Test
    void cpuTasksMayUseGpuAgentsWhenTheOperatorAllowsItAndNothingElseFits() {
        PlacementDecision decision = new GangPlacer(true).place(List.of(task("ps-0", 1, 100, 0)),
                List.of(agent("gpu1", 16, 65536, 4, 10)));

        assertThat(((PlacementDecision.Placed) decision).assignments().get(0).agent().agentId()).isEqualTo("gpu1");
    }

    @Test
    void aFailedTryLeavesTheAgentsUntouched() {
        AgentCapacity agent = agent("a1", 2, 4096, 0, 10);
        placer.place(List.of(task("worker-0", 1.5, 100, 0), task("worker-1", 1.5, 100, 0)), List.of(agent));

        assertThat(agent.cpus()).isEqualTo(2);
    }

    @Test
    void sumsEveryOfferOfAnAgent() {
        AgentCapacity agent = AgentCapacity.of(List.of(
                new OfferMade("o1", "a1", "h", 1, 100, 0, 0, List.of(new PortRange(1, 2)), Map.of(), Instant.EPOCH),
                new OfferMade("o2", "a1", "h", 2, 200, 0, 0, List.of(new PortRange(5, 5)), Map.of(), Instant.EPOCH)));

        assertThat(agent.cpus()).isEqualTo(3);
        assertThat(agent.offerIds()).containsExactly("o1", "o2");
        assertThat(agent.describeFree()).isEqualTo("3 cpus, 300 MB mem, 3 ports");
    }
}
