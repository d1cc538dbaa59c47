package io.mesoflow.testing;

import io.mesoflow.events.EventCodec;
import io.mesoflow.events.OfferMade;
import io.mesoflow.events.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Takes offers from the tests' offers topic, each once: the smallest matching offer not taken yet (the
 * newest of equal ones), read after everything the topic held. The local agent offers what an ended
 * task frees as an offer of its own and keeps the others outstanding, so the smallest that fits keeps
 * the agent's large remainder for the tests that need it. Taken offers are remembered for the whole
 * test JVM: the test classes that share one launcher app share its offers.
 */
public final class FreshOffers {
    private static final Set<String> TAKEN = ConcurrentHashMap.newKeySet();
    private final TestTopics topics;

    public FreshOffers(TestTopics topics) {
        this.topics = topics;
    }

    /** The smallest offer not taken before (any agent). */
    public OfferMade take(Duration timeout) {
        return take(offer -> true, timeout);
    }

    /** The smallest offer not taken before with at least these CPUs, memory (MB) and ports. */
    public OfferMade takeFitting(double cpus, double memMb, int ports, Duration timeout) {
        return take(offer -> offer.cpus() >= cpus && offer.memMb() >= memMb && portCount(offer) >= ports, timeout);
    }

    /** The smallest matching offer not taken before; fails when none comes within {@code timeout}. */
    public OfferMade take(Predicate<OfferMade> match, Duration timeout) {
        synchronized (TAKEN) {
            List<String> raw = topics.readCaughtUpUntil(Topics.OFFERS, values -> best(values, match) != null, timeout);
            OfferMade offer = best(raw, match);
            if (offer == null) {
                throw new AssertionError("no unused offer within " + timeout + " among " + raw.stream()
                        .map(EventCodec::decode).filter(OfferMade.class::isInstance).map(OfferMade.class::cast)
                        .map(o -> o.offerId() + " (" + o.cpus() + " CPUs, " + o.memMb() + " MB, " + portCount(o)
                                + " ports" + (TAKEN.contains(o.offerId()) ? ", taken)" : ")"))
                        .toList());
            }
            TAKEN.add(offer.offerId());
            return offer;
        }
    }

    /** An offer taken but not used after all: it may be taken again. */
    public void giveBack(String offerId) {
        TAKEN.remove(offerId);
    }

    public boolean isTaken(String offerId) {
        return TAKEN.contains(offerId);
    }

    /** How many ports the offer carries. */
    public static int portCount(OfferMade offer) {
        return offer.ports().stream().mapToInt(r -> r.end() - r.begin() + 1).sum();
    }

    /** Every port the offer carries, in order. */
    public static List<Integer> ports(OfferMade offer) {
        return offer.ports().stream().flatMap(r -> java.util.stream.IntStream.rangeClosed(r.begin(), r.end()).boxed())
                .toList();
    }

    private static OfferMade best(List<String> raw, Predicate<OfferMade> match) {
        OfferMade best = null;
        for (String value : raw) {
            if (EventCodec.decode(value) instanceof OfferMade offer && !TAKEN.contains(offer.offerId())
                    && match.test(offer) && (best == null || offer.cpus() <= best.cpus() && offer.memMb() <= best.memMb())) {
                best = offer;
            }
        }
        return best;
    }
}
