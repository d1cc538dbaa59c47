package io.mesoflow.placement.core;

import static io.mesoflow.placement.core.PreemptionFixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import io.mesoflow.events.OfferMade;
import io.mesoflow.events.PortRange;
import io.mesoflow.events.Resources;
import io.mesoflow.events.TaskName;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Preemption on an agent whose free resources are offered as several slices, only some of them held
 * when the job waits (PreemptionEndToEndIT with {@code offer-slice-cpus=1}): the local agent of 8
 * CPUs, 8 GiB and 2 GPUs runs two one-GPU low-priority jobs (0.25 CPUs, 1 GiB each); a high-priority
 * job of three tasks (0.25 CPUs and 900 MB each, one GPU) needs one GPU and 2.7 GB. Sized against the
 * held slices alone, one victim's GPU and 1 GiB look too little and both jobs were preempted; sized
 * against what the agent has free ({@link FreeEstimate}) one victim is enough, however many slices
 * are held. Golden victims per case.
 */
class SlicedOffersPreemptionTest {
    static final GangPlacer PLACER = new GangPlacer(true);
    static final String AGENT = "local";
    static final AgentTotal TOTAL = new AgentTotal(AGENT, 8, 8192, 2);

    static Stream<Arguments> table() {
        return Stream.of(
                Arguments.of("every slice held", 7, List.of("recent")),
                Arguments.of("two of seven slices held", 2, List.of("recent")),
                Arguments.of("one of seven slices held (both were preempted)", 1, List.of("recent")),
                Arguments.of("no slice held: the agent is left out, one victim alone is too little", 0, List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void oneVictimIsEnoughWhateverPartOfTheFreeResourcesIsHeld(String name, int slicesHeld, List<String> expected) {
        Map<String, AgentCapacity> held = heldSlices(slicesHeld);
        Map<String, AgentCapacity> free = FreeEstimate.of(held, List.of(TOTAL), Map.of(AGENT, inUse()));

        PreemptionOutcome outcome = VictimSelector.select(urgent(), List.of(lowPriority("stale", 100, null, 0),
                lowPriority("recent", 100, 1, 1)), free, PLACER, NOW);

        List<String> victims = outcome instanceof PreemptionOutcome.Preempt p
                ? p.victims().stream().map(RunningGang::jobId).toList() : List.of();
        assertThat(victims).as(outcome.reason()).isEqualTo(expected);
    }

    @org.junit.jupiter.api.Test
    void aJobThatFitsOnTheFreeResourcesOnceOfferedPreemptsNoOne() {
        QueuedJob small = new QueuedJob("small", "ml", 100, NOW.minusSeconds(1), List.of(
                new TaskDemand(TaskName.parse("chief-0"), new Resources(2, 2048, 0, 0), 1)));

        PreemptionOutcome outcome = VictimSelector.select(small, List.of(lowPriority("recent", 100, 1, 1)),
                FreeEstimate.of(heldSlices(1), List.of(TOTAL), Map.of(AGENT, inUse())), PLACER, NOW);

        assertThat(outcome).isEqualTo(new PreemptionOutcome.NoPreemption("job small fits on what the agents have"
                + " free once it is all offered: it waits for those offers and preempts no one"));
    }

    @org.junit.jupiter.api.Test
    void heldOffersWorthMoreThanTheKnownCapacityLeftStayAsHeld() {
        AgentCapacity held = heldSlices(7).get(AGENT);

        AgentCapacity free = FreeEstimate.of(Map.of(AGENT, held), List.of(new AgentTotal(AGENT, 1, 512, 0)),
                Map.of(AGENT, inUse())).get(AGENT);

        assertThat(free.cpus()).isEqualTo(held.cpus());
        assertThat(free.memMb()).isEqualTo(held.memMb());
        assertThat(free.gpus()).isZero();
        assertThat(free.freePortCount()).isEqualTo(held.freePortCount());
    }

    @org.junit.jupiter.api.Test
    void whatTheRoundPlacedBeforeThePreemptionIsInUseThoughNotYetWritten() {
        QueuedJob other = new QueuedJob("other", "ml", 0, NOW.minusSeconds(1), List.of(
                new TaskDemand(TaskName.parse("chief-0"), new Resources(1, 5120, 10, 0), 1)));
        PlacementRound.Outcome round = new PlacementRound.Outcome(List.of(new PlacementRound.Placed(other,
                new PlacementDecision.Placed(List.of(new PlacementDecision.Assignment(TaskName.parse("chief-0"),
                        heldSlices(7).get(AGENT), List.of(23002)))))), null);

        Map<String, Resources> inUse = FreeEstimate.inUse(Map.of(AGENT, inUse()), round);
        PreemptionOutcome outcome = VictimSelector.select(urgent(), List.of(lowPriority("stale", 100, null, 0),
                lowPriority("recent", 100, 1, 1)), FreeEstimate.of(heldSlices(1), List.of(TOTAL), inUse), PLACER, NOW);

        assertThat(inUse).isEqualTo(Map.of(AGENT, new Resources(1.5, 7168, 10, 2)));
        assertThat(((PreemptionOutcome.Preempt) outcome).victims()).extracting(RunningGang::jobId)
                .as("6 GiB free less 5 GiB placed this round, and one victim's 1 GiB: too little for 2.7 GB")
                .containsExactly("recent", "stale");
    }

    @org.junit.jupiter.api.Test
    void anAgentOfUnknownCapacityCountsItsHeldOffers() {
        AgentCapacity held = heldSlices(1).get(AGENT);

        assertThat(FreeEstimate.of(Map.of(AGENT, held), List.of(), Map.of()).get(AGENT)).isSameAs(held);
    }

    /** The high-priority job: chief, ps and a GPU worker. */
    static QueuedJob urgent() {
        return new QueuedJob("urgent", "ml", 100, NOW.minusSeconds(1), List.of(
                new TaskDemand(TaskName.parse("chief-0"), new Resources(0.25, 900, 0, 0), 1),
                new TaskDemand(TaskName.parse("ps-0"), new Resources(0.25, 900, 0, 0), 1),
                new TaskDemand(TaskName.parse("gpu_worker-0"), new Resources(0.25, 900, 0, 1), 1)));
    }

    /** A low-priority one-GPU job on the agent, started {@code minutesAgo}, its checkpoint then (null: none). */
    static RunningGang lowPriority(String id, int minutesAgo, Integer checkpointMinutesAgo, int port) {
        return new RunningGang(id, "ml", 0, NOW.minusSeconds(60L * minutesAgo),
                checkpointMinutesAgo == null ? null : NOW.minusSeconds(60L * checkpointMinutesAgo), null,
                List.of(new RunningGang.Held(AGENT, "localhost", Map.of(), new Resources(0.25, 1024, 0, 1),
                        List.of(23000 + port))));
    }

    /** What the two low-priority jobs hold. */
    static Resources inUse() {
        return new Resources(0.5, 2048, 0, 2);
    }

    /**
     * The first {@code count} of the seven slices the agent's free 7.5 CPUs and 6 GiB were offered as
     * (as OfferSlicer cuts them with one-CPU slices), summed; no agent when none is held.
     */
    static Map<String, AgentCapacity> heldSlices(int count) {
        List<OfferMade> slices = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            slices.add(new OfferMade("slice-" + i, AGENT, "localhost", 1.071, 877, 0, 0,
                    List.of(new PortRange(23002 + 28 * i, 23029 + 28 * i)), Map.of(), NOW));
        }
        Map<String, AgentCapacity> held = new LinkedHashMap<>();
        if (!slices.isEmpty()) {
            held.put(AGENT, AgentCapacity.of(slices, 2));
        }
        return held;
    }

    @Test
    void aJobCountsOnOffersNotHeldOnlyForAWhileAfterItsSubmission() {
        Instant submitted = Instant.parse("2026-12-01T10:00:00Z");

        assertThat(FreeEstimate.trusted(submitted, submitted)).isTrue();
        assertThat(FreeEstimate.trusted(submitted, submitted.plus(FreeEstimate.TRUSTED_FOR).minusMillis(1))).isTrue();
        assertThat(FreeEstimate.trusted(submitted, submitted.plus(FreeEstimate.TRUSTED_FOR)))
                .as("past it, what is offered is all that counts: the estimate may be stale").isFalse();
    }
}
