package io.mesoflow.events;

import java.time.Instant;
import java.util.Objects;

/**
 * Placement has nothing waiting for resources: stop offers until the next
 * {@link ReviveOffersRequested} (Mesos {@code SUPPRESS}). Topic {@link Topics#CONTROL}.
 */
public record SuppressOffersRequested(String reason, Instant requestedAt) implements MesoflowEvent {
    public SuppressOffersRequested {
        Objects.requireNonNull(requestedAt, "requestedAt");
    }

    @Override
    public String key() {
        return "revive";
    }
}
