package io.mesoflow.events;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A backend offers resources of one agent. Topic {@link Topics#OFFERS}, keyed by agent id.
 * Used at most once: a placement that takes it consumes all of it (unused resources go back
 * to the backend, which offers them again). An agent may have several offers at once; a launch
 * names one or more of them (their resources pooled) and leaves the others outstanding.
 */
public record OfferMade(String offerId, String agentId, String hostname, double cpus, double memMb,
                        double diskMb, int gpus, List<PortRange> ports, Map<String, String> attributes,
                        Instant offeredAt) implements MesoflowEvent {
    public OfferMade {
        Objects.requireNonNull(offerId, "offerId");
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(hostname, "hostname");
        ports = ports == null ? List.of() : List.copyOf(ports);
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
        Objects.requireNonNull(offeredAt, "offeredAt");
    }

    @Override
    public String key() {
        return agentId;
    }
}
