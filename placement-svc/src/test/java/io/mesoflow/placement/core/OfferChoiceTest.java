package io.mesoflow.placement.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesoflow.events.OfferMade;
import io.mesoflow.events.PortRange;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Which of an agent's held offers a placement accepts. */
class OfferChoiceTest {
    /** An offer of agent a1 with ports {@code [portBegin, portEnd]} (none when begin is 0). */
    static OfferMade offer(String id, double cpus, double mem, int gpus, int portBegin, int portEnd) {
        return new OfferMade(id, "a1", "a1.host", cpus, mem, 1000, gpus,
                portBegin == 0 ? List.of() : List.of(new PortRange(portBegin, portEnd)), Map.of(), Instant.EPOCH);
    }

    /** The local agent's eight one-CPU slices, 25 ports each. */
    static List<OfferMade> slices() {
        List<OfferMade> slices = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            slices.add(offer("s" + i, 1, 1024, 0, 24400 + 25 * i, 24424 + 25 * i));
        }
        return slices;
    }

    /** Needs with these pinned ports (a relaunch's). */
    static OfferChoice.Need need(double cpus, double mem, int gpus, Integer... pinned) {
        return new OfferChoice.Need(cpus, mem, 0, gpus, pinned.length, Set.of(pinned));
    }

    /** Needs with {@code ports} ports, any. */
    static OfferChoice.Need free(double cpus, double mem, int gpus, int ports) {
        return new OfferChoice.Need(cpus, mem, 0, gpus, ports, Set.of());
    }

    static Stream<Arguments> cases() {
        List<OfferMade> mixed = List.of(offer("small", 0.5, 512, 0, 31000, 31009), offer("big", 4, 8192, 0, 31010, 31019),
                offer("mid", 2, 2048, 0, 31020, 31029), offer("gpu", 1, 1024, 2, 31030, 31039),
                offer("noports", 2, 4096, 0, 0, 0));
        return Stream.of(
                Arguments.of("one offer: it", List.of(offer("o1", 8, 8192, 0, 31000, 31099)),
                        need(0.1, 32, 0, 31000), List.of("o1")),
                Arguments.of("a small job takes the first slice", slices(), free(0.15, 32, 0, 1), List.of("s0")),
                Arguments.of("the next job takes the next slice", slices().subList(1, 8), free(0.15, 32, 0, 1),
                        List.of("s1")),
                Arguments.of("the fewest slices to cover the CPUs", slices(), free(2.5, 100, 0, 3),
                        List.of("s0", "s1", "s2")),
                Arguments.of("the fewest slices to cover the ports", slices(), free(0.5, 100, 0, 30),
                        List.of("s0", "s1")),
                Arguments.of("a pinned port's offer plus the fewest to cover the CPUs", slices(),
                        need(1.5, 100, 0, 24450), List.of("s0", "s2")),
                Arguments.of("pinned ports on two slices take both", slices(), need(0.3, 64, 0, 24400, 24450),
                        List.of("s0", "s2")),
                Arguments.of("a CPU job keeps off an offer with GPUs when another will do", mixed, free(0.2, 100, 0, 1),
                        List.of("small")),
                Arguments.of("a GPU job takes the GPUs' offer", mixed, free(0.5, 100, 2, 1), List.of("gpu")),
                Arguments.of("memory decides: the smallest offer covering it", mixed, need(0.2, 3000, 0, 31000),
                        List.of("small", "noports")),
                Arguments.of("one more offer: the smallest that covers", mixed, need(1.2, 600, 0, 31000),
                        List.of("small", "mid")),
                Arguments.of("GPUs come from the offer that has them", mixed, need(0.2, 100, 2, 31000),
                        List.of("small", "gpu")),
                Arguments.of("a GPU task's port in the GPU offer: that offer alone", mixed, need(1, 1000, 2, 31030),
                        List.of("gpu")),
                Arguments.of("ties go to the earlier offer",
                        List.of(offer("x", 1, 100, 0, 1, 1), offer("y", 1, 100, 0, 2, 2), offer("z", 1, 100, 0, 3, 3)),
                        need(1.5, 100, 0), List.of("x", "y")),
                Arguments.of("nothing less covers it: every offer", mixed, need(9.5, 15_000, 2, 31000),
                        List.of("small", "big", "mid", "gpu", "noports")),
                Arguments.of("more than the offers hold: every offer (the placer never asks)", mixed,
                        need(100, 1, 0, 31000), List.of("small", "big", "mid", "gpu", "noports")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void acceptsTheFewestOffersThatCover(String name, List<OfferMade> offers, OfferChoice.Need need, List<String> ids) {
        assertThat(OfferChoice.choose(offers, need).stream().map(OfferMade::offerId).toList()).isEqualTo(ids);
    }

    @Test
    void overTheExactLimitTheSearchIsGreedyAndStillCoversWithFewOffers() {
        List<OfferMade> many = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            many.add(offer("f" + i, 0.1 * (i % 5 + 1), 100, 0, 30000 + i, 30000 + i));
        }
        many.add(offer("large", 3, 3000, 0, 0, 0));
        List<String> chosen = OfferChoice.choose(many, need(3.2, 200, 0, 30000)).stream().map(OfferMade::offerId)
                .toList();
        assertThat(chosen).containsExactly("f0", "f4", "large"); // f0 holds the port; 0.1 + 3 short of 3.2
    }
}
