package io.mesoflow.placement.core;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Which held offers to give back (decline) after a pass, so the backend can offer them again,
 * possibly merged with resources freed since. When no job waits for resources an offer goes back
 * after {@code idleHold} (a job may be a moment behind the offer); otherwise it is kept for up to
 * {@code holdTimeout} (a waiting job may fit when more is offered on the same agent) and then goes
 * back. No offer is held forever.
 */
public final class OfferRelease {
    /** An offer placement holds. */
    public record Held(String offerId, String agentId, Instant receivedAt) {
    }

    /** An offer to decline and why. */
    public record Decline(String offerId, String agentId, String reason) {
    }

    private OfferRelease() {
    }

    public static List<Decline> decide(List<Held> held, boolean anyWaitingForResources, Instant now,
                                       Duration idleHold, Duration holdTimeout) {
        Duration hold = anyWaitingForResources ? holdTimeout : idleHold;
        return held.stream()
                .filter(o -> Duration.between(o.receivedAt(), now).compareTo(hold) >= 0)
                .map(o -> new Decline(o.offerId(), o.agentId(), anyWaitingForResources
                        ? "held " + holdTimeout.toSeconds() + " s without a job fitting"
                        : "no job waits for resources"))
                .toList();
    }
}
