package io.mesoflow.placement.core;

import static io.mesoflow.placement.core.GangPlacerTest.agent;
import static io.mesoflow.placement.core.GangPlacerTest.task;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RelaunchPlacerTest {
    private final GangPlacer placer = new GangPlacer(false);

    @Test
    void relaunchesOnTheSameAgentWithTheSamePortsWhenOffered() {
        RelaunchPlacer.Result result = RelaunchPlacer.place(task("worker-1", 1, 100, 0), "a1", List.of(31004),
                List.of(agent("a0", 8, 8192, 0, 10), agent("a1", 8, 8192, 0, 10)), false, placer);

        PlacementDecision.Assignment a = ((PlacementDecision.Placed) result.decision()).assignments().get(0);
        assertThat(a.agent().agentId()).isEqualTo("a1");
        assertThat(a.ports()).containsExactly(31004);
        assertThat(result.moved()).isFalse();
    }

    @Test
    void waitsForItsAgentsPortWhileItMayNotMoveYet() {
        RelaunchPlacer.Result result = RelaunchPlacer.place(task("worker-1", 1, 100, 0), "a1", List.of(39999),
                List.of(agent("a1", 8, 8192, 0, 10)), false, placer);

        assertThat(result.decision()).isEqualTo(new PlacementDecision.Waiting(
                "worker-1 waits for agent a1 to offer 1 cpus, 100 MB mem and port 39999 again"));
    }

    @Test
    void movesAnywhereOnceAllowedAndSaysItMoved() {
        RelaunchPlacer.Result result = RelaunchPlacer.place(task("worker-1", 1, 100, 0), "gone", List.of(31004),
                List.of(agent("a2", 8, 8192, 0, 10)), true, placer);

        PlacementDecision.Assignment a = ((PlacementDecision.Placed) result.decision()).assignments().get(0);
        assertThat(a.agent().agentId()).isEqualTo("a2");
        assertThat(result.moved()).isTrue();
    }
}
