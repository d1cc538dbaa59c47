package io.mesoflow.placement.core;

import static io.mesoflow.placement.core.PreemptionFixtures.NOW;
import static io.mesoflow.placement.core.PreemptionFixtures.freeGpus;
import static io.mesoflow.placement.core.PreemptionFixtures.waiting;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A job waiting for the jobs it preempted reserves: nothing behind it takes what they free. */
class PreemptingReservesTest {
    @Test
    void aPreemptingJobThatDoesNotFitYetShowsItsReasonAndHoldsUpTheJobsBehindIt() {
        List<QueuedJob> queue = List.of(waiting("big", "ml", 9, 2), waiting("small", "ml", 1, 1));
        PlacementRound.Holds holds = new PlacementRound.Holds(Map.of("big", "preempting job x ..."), 0.1);

        PlacementRound.Outcome outcome = PlacementRound.run(queue, Map.of(), Map.of(), freeGpus(1), List.of(),
                new GangPlacer(false), NOW, Duration.ofMinutes(10), holds);

        assertThat(outcome.reservedBy()).isEqualTo("big");
        assertThat(outcome.results()).allMatch(r -> r instanceof PlacementRound.Waiting);
        assertThat(((PlacementRound.Waiting) outcome.results().get(0)).reason()).isEqualTo("preempting job x ...");
        assertThat(((PlacementRound.Waiting) outcome.results().get(1)).reason())
                .isEqualTo("waiting behind job big, which preempted jobs and has their resources kept for it");
    }

    @Test
    void withoutAHoldTheSmallJobIsBackfilled() {
        List<QueuedJob> queue = List.of(waiting("big", "ml", 9, 2), waiting("small", "ml", 1, 1));

        PlacementRound.Outcome outcome = PlacementRound.run(queue, Map.of(), Map.of(), freeGpus(1), List.of(),
                new GangPlacer(false), NOW, Duration.ofMinutes(10), PlacementRound.Holds.NONE);

        assertThat(outcome.results().get(1)).isInstanceOf(PlacementRound.Placed.class);
    }

    @Test
    void aPreemptingJobThatFitsIsPlaced() {
        PlacementRound.Outcome outcome = PlacementRound.run(List.of(waiting("big", "ml", 9, 2)), Map.of(), Map.of(),
                freeGpus(2), List.of(), new GangPlacer(false), NOW, Duration.ofMinutes(10),
                new PlacementRound.Holds(Map.of("big", "preempting"), 0.1));

        assertThat(outcome.results().get(0)).isInstanceOf(PlacementRound.Placed.class);
        assertThat(outcome.reservedBy()).isNull();
    }
}
