package io.mesoflow.events;

import java.util.Objects;

/** Give an unused offer back, not to be offered again for {@code refuseSeconds}. Topic {@link Topics#CONTROL}. */
public record DeclineOfferRequested(String offerId, String agentId, double refuseSeconds) implements MesoflowEvent {
    public DeclineOfferRequested {
        Objects.requireNonNull(offerId, "offerId");
        Objects.requireNonNull(agentId, "agentId");
    }

    @Override
    public String key() {
        return agentId;
    }
}
