package io.mesoflow.events;

import java.time.Instant;
import java.util.Objects;

/**
 * Placement has work again after declining offers: clear the refusal filters and offer
 * everything (Mesos {@code REVIVE}). Topic {@link Topics#CONTROL}.
 */
public record ReviveOffersRequested(String reason, Instant requestedAt) implements MesoflowEvent {
    public ReviveOffersRequested {
        Objects.requireNonNull(requestedAt, "requestedAt");
    }

    @Override
    public String key() {
        return "revive";
    }
}
