package io.mesoflow.api.rest;

import io.mesoflow.api.eta.StartEstimator;
import java.time.Instant;

/**
 * A queued job's place in placement's queue (1 = next, across all teams) and when it should start;
 * {@code eta} null when unknown, {@code reason} says what it waits for.
 */
public record StartEtaView(int position, Instant eta, String reason) {
    static StartEtaView of(StartEstimator.Estimate estimate) {
        return estimate == null ? null : new StartEtaView(estimate.position(), estimate.eta(), estimate.reason());
    }
}
