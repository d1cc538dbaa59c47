package io.mesoflow.launcher.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesoflow.events.LaunchSpec;
import io.mesoflow.events.PortRange;
import io.mesoflow.events.Resources;
import io.mesoflow.events.TaskPlacement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The local agent's offers behave as a Mesos master's: set aside, used up whole, declined with a filter. */
class OfferLedgerTest {
    static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

    OfferLedger ledger;

    @BeforeEach
    void agentWithFourCpusTwoGpusAndTenPorts() {
        ledger = new OfferLedger("local", new ResourcePool(4, 4096, 10_000, 2, new PortRange(31000, 31009)));
    }

    /** What a ledger that offers everything as one offer makes, as that one offer's slice. */
    static java.util.Optional<ResourcePool.Slice> offer(OfferLedger ledger, String offerId, Instant now) {
        List<OfferLedger.Offered> offered = ledger.offer(() -> offerId, now);
        assertThat(offered).hasSizeLessThanOrEqualTo(1);
        return offered.stream().map(OfferLedger.Offered::slice).findFirst();
    }

    static TaskPlacement task(String name, String agent, List<String> offers, double cpus, int gpus, Integer... ports) {
        return new TaskPlacement(name, 0, agent, "host", offers, new Resources(cpus, 512, 0, gpus), List.of(ports),
                new LaunchSpec(null, "true", Map.of(), null, Map.of(), List.of()));
    }

    @Test
    void anOfferSetsEverythingFreeAsideUntilResourcesComeBack() {
        ResourcePool.Slice offer = offer(ledger, "O-1", T0).orElseThrow();

        assertThat(offer.cpus()).isEqualTo(4);
        assertThat(offer.gpus()).containsExactly(0, 1);
        assertThat(offer.portRanges()).containsExactly(new PortRange(31000, 31009));
        assertThat(offer(ledger, "O-2", T0)).isEmpty();
    }

    @Test
    void acceptingUsesTheWholeOfferAndFreesWhatTheTasksLeave() {
        offer(ledger, "O-1", T0);

        OfferLedger.Allocation allocation = ledger.allocate(List.of(
                task("worker-0", "local", List.of("O-1"), 1, 1, 31000),
                task("worker-1", "local", List.of("O-1"), 1, 0, 31001)));

        assertThat(allocation).isInstanceOf(OfferLedger.Allocated.class);
        OfferLedger.Allocated allocated = (OfferLedger.Allocated) allocation;
        assertThat(allocated.offerIds()).containsExactly("O-1");
        assertThat(allocated.slices()).extracting(ResourcePool.Slice::ports)
                .containsExactly(new java.util.TreeSet<>(List.of(31000)), new java.util.TreeSet<>(List.of(31001)));
        assertThat(allocated.slices().get(0).gpus()).containsExactly(0);
        ResourcePool.Slice rest = offer(ledger, "O-2", T0).orElseThrow();
        assertThat(rest.cpus()).isEqualTo(2);
        assertThat(rest.gpus()).containsExactly(1);
        assertThat(rest.ports()).doesNotContain(31000, 31001).contains(31002, 31009);
        assertThat(ledger.allocate(List.of(task("worker-2", "local", List.of("O-1"), 1, 0))))
                .as("an accepted offer is used up").isInstanceOf(OfferLedger.Refused.class);
    }

    @Test
    void aSlicedAgentOffersSeveralOffersAndALaunchUsesUpOnlyThoseItNames() {
        OfferLedger sliced = new OfferLedger("local", new ResourcePool(4, 4096, 10_000, 2,
                new PortRange(31000, 31009)), 1);
        int[] next = {0};
        List<OfferLedger.Offered> offers = sliced.offer(() -> "O-" + ++next[0], T0);
        assertThat(offers).extracting(OfferLedger.Offered::offerId).containsExactly("O-1", "O-2", "O-3", "O-4");
        assertThat(offers).extracting(o -> o.slice().cpus()).containsExactly(1.0, 1.0, 1.0, 1.0);

        // one task over two offers (pooled): 1.5 CPUs, O-1's port, O-2's GPU
        OfferLedger.Allocation allocation = sliced.allocate(List.of(task("worker-0", "local", List.of("O-1", "O-2"),
                1.5, 1, 31000)));

        assertThat(allocation).isInstanceOf(OfferLedger.Allocated.class);
        assertThat(((OfferLedger.Allocated) allocation).offerIds()).containsExactly("O-1", "O-2");
        List<OfferLedger.Offered> rest = sliced.offer(() -> "O-" + ++next[0], T0);
        assertThat(rest).as("the leftover of the two named offers, offered again").hasSize(1);
        assertThat(rest.get(0).slice().cpus()).isEqualTo(0.5);
        assertThat(sliced.allocate(List.of(task("worker-1", "local", List.of("O-3"), 1, 0, 31005))))
                .as("an offer the launch did not name is still outstanding").isInstanceOf(OfferLedger.Allocated.class);
        assertThat(sliced.allocate(List.of(task("worker-2", "local", List.of("O-2"), 0.1, 0, 31001))))
                .as("a named offer is used up").isInstanceOf(OfferLedger.Refused.class);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "another agent          | elsewhere | O-1     | 1 | 31000 | REASON_INVALID_OFFERS | agent elsewhere is not this local agent",
        "an offer that is gone  | local     | O-9     | 1 | 31000 | REASON_INVALID_OFFERS | offers [O-9] are no longer valid",
        "more cpus than offered | local     | O-1     | 8 | 31000 | REASON_TASK_INVALID   | task needs more than the offers hold",
        "a port not offered     | local     | O-1     | 1 | 40000 | REASON_TASK_INVALID   | ports [40000] are not in the offers",
    })
    void aLaunchThatCannotUseItsOffersIsRefusedWithTheReasonAndTheOfferStaysOutstanding(String why, String agent,
            String offerId, double cpus, int port, String reason, String message) {
        offer(ledger, "O-1", T0);

        OfferLedger.Allocation allocation = ledger.allocate(List.of(task("worker-0", agent, List.of(offerId), cpus, 0,
                port)));

        assertThat(allocation).isInstanceOf(OfferLedger.Refused.class);
        OfferLedger.Refused refused = (OfferLedger.Refused) allocation;
        assertThat(refused.reason()).isEqualTo(reason);
        assertThat(refused.message()).contains(message);
        assertThat(ledger.decline("O-1", T0, T0)).as("O-1 still outstanding").isTrue();
    }

    @ParameterizedTest(name = "refuse {0} s, offered again at +{1} s: {2}")
    @CsvSource({
        "0, 0, true",
        "5, 0, false",
        "5, 4, false",
        "5, 5, true",
    })
    void aDeclinedOfferIsWithheldForItsRefusalFilter(int refuseSeconds, int laterSeconds, boolean offeredAgain) {
        offer(ledger, "O-1", T0);

        assertThat(ledger.decline("O-1", T0.plusSeconds(refuseSeconds), T0)).isTrue();

        assertThat(offer(ledger, "O-2", T0.plusSeconds(laterSeconds)).isPresent()).isEqualTo(offeredAgain);
    }

    @Test
    void reviveFreesWhatDeclinesWithheldAtOnce() {
        offer(ledger, "O-1", T0);
        ledger.decline("O-1", T0.plusSeconds(60), T0);

        ledger.revive();

        assertThat(offer(ledger, "O-2", T0)).isPresent();
    }

    @Test
    void suppressedADeclinedOfferStaysWithheldPastItsFilterUntilARevive() {
        offer(ledger, "O-1", T0);
        ledger.suppress();
        ledger.decline("O-1", T0.plusSeconds(5), T0);

        assertThat(offer(ledger, "O-2", T0.plusSeconds(60))).as("an idle agent does not offer it again").isEmpty();

        ledger.revive();

        assertThat(offer(ledger, "O-3", T0.plusSeconds(60))).as("work waits again").isPresent();
        ledger.decline("O-3", T0.plusSeconds(65), T0.plusSeconds(60));
        assertThat(offer(ledger, "O-4", T0.plusSeconds(66))).as("the revive cleared the suppress").isPresent();
    }

    @Test
    void suppressedWhatATaskFreesIsStillOfferedOnce() {
        offer(ledger, "O-1", T0);
        OfferLedger.Allocated used = (OfferLedger.Allocated) ledger.allocate(List.of(
                task("worker-0", "local", List.of("O-1"), 1, 0, 31000)));
        ResourcePool.Slice rest = offer(ledger, "O-2", T0).orElseThrow();
        ledger.suppress();
        ledger.decline("O-2", T0.plusSeconds(5), T0);

        ledger.free(used.slices().get(0));

        assertThat(offer(ledger, "O-3", T0.plusSeconds(60)).orElseThrow().cpus())
                .as("the ended task's share, not the declined rest of %s", rest).isEqualTo(1);
    }

    @Test
    void decliningAnOfferThatIsNotOutstandingChangesNothing() {
        assertThat(ledger.decline("O-9", T0, T0)).isFalse();
        assertThat(ledger.free().cpus()).isEqualTo(4);
    }

    @Test
    void offersALaunchCouldNotUseAreFreeAgain() {
        offer(ledger, "O-1", T0);

        ledger.giveBack(List.of("O-1", "O-1"));

        assertThat(ledger.free().cpus()).isEqualTo(4);
        assertThat(ledger.decline("O-1", T0, T0)).as("no longer outstanding").isFalse();
    }

    @Test
    void anAdoptedTasksResourcesAreNeverOffered() {
        ResourcePool.Slice held = ledger.reserve(new Resources(1, 512, 0, 1), List.of(31005), List.of(1));

        ResourcePool.Slice offer = offer(ledger, "O-1", T0).orElseThrow();

        assertThat(offer.cpus()).isEqualTo(3);
        assertThat(offer.gpus()).containsExactly(0);
        assertThat(offer.ports()).doesNotContain(31005);
        ledger.free(held);
        assertThat(offer(ledger, "O-2", T0).orElseThrow().ports()).containsExactly(31005);
    }
}
