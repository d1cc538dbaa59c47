package io.mesoflow.testing;

import io.mesoflow.events.EventCodec;
import io.mesoflow.events.OfferMade;
import io.mesoflow.events.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/** Takes offers from a test's offers topic, each once: the newest not taken yet that matches. */
public final class FreshOffers {
    private final TestTopics topics;
    private final Set<String> taken = ConcurrentHashMap.newKeySet();

    public FreshOffers(TestTopics topics) {
        this.topics = topics;
    }

    /** The newest offer not taken before (any agent). */
    public OfferMade take(Duration timeout) {
        return take(offer -> true, timeout);
    }

    /**
     * The newest offer not taken before with at least these CPUs, memory and ports: an ended small task's
     * resources come back as an offer of their own (the others stay outstanding), so the newest offer
     * may be too small for the next test's task.
     */
    public OfferMade takeFitting(double cpus, double memMb, int ports, Duration timeout) {
        return take(offer -> offer.cpus() >= cpus && offer.memMb() >= memMb && portCount(offer) >= ports, timeout);
    }

    /** How many ports the offer carries. */
    public static int portCount(OfferMade offer) {
        return offer.ports().stream().mapToInt(r -> r.end() - r.begin() + 1).sum();
    }

    /** The newest matching offer not taken before; fails when none comes within {@code timeout}. */
    public synchronized OfferMade take(Predicate<OfferMade> match, Duration timeout) {
        List<String> raw = topics.readUntil(Topics.OFFERS, values -> newest(values, match) != null, timeout);
        OfferMade offer = newest(raw, match);
        if (offer == null) {
            throw new AssertionError("no unused offer within " + timeout);
        }
        taken.add(offer.offerId());
        return offer;
    }

    /** An offer taken but not used after all: it may be taken again. */
    public void giveBack(String offerId) {
        taken.remove(offerId);
    }

    public boolean isTaken(String offerId) {
        return taken.contains(offerId);
    }

    private OfferMade newest(List<String> raw, Predicate<OfferMade> match) {
        OfferMade last = null;
        for (String value : raw) {
            if (EventCodec.decode(value) instanceof OfferMade offer && !taken.contains(offer.offerId())
                    && match.test(offer)) {
                last = offer;
            }
        }
        return last;
    }
}
