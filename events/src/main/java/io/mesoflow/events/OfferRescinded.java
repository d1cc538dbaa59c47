package io.mesoflow.events;

import java.util.Objects;

/** The backend took an offer back; it must not be used. Topic {@link Topics#OFFERS}. */
public record OfferRescinded(String offerId, String agentId, String reason) implements MesoflowEvent {
    public OfferRescinded {
        Objects.requireNonNull(offerId, "offerId");
        Objects.requireNonNull(agentId, "agentId");
    }

    @Override
    public String key() {
        return agentId;
    }
}
