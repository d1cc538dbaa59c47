package io.mesoflow.placement.app;

import io.mesoflow.events.EventCodec;
import io.mesoflow.events.OfferMade;
import io.mesoflow.placement.core.AgentCapacity;
import io.mesoflow.placement.model.HeldOfferEntity;
import io.quarkus.panache.common.Sort;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The offers placement holds, per agent; consuming an agent uses every offer of it. */
final class HeldOffers {
    private HeldOffers() {
    }

    /** {@code knownGpus}: each agent's GPU capacity from its earlier offers ({@link KnownAgents}). */
    static Map<String, AgentCapacity> byAgent(Map<String, Integer> knownGpus) {
        List<HeldOfferEntity> held = HeldOfferEntity.list("status", Sort.by("agentId").and("offerId"),
                HeldOfferEntity.HELD);
        Map<String, List<OfferMade>> offers = new LinkedHashMap<>();
        for (HeldOfferEntity offer : held) {
            offers.computeIfAbsent(offer.agentId, a -> new ArrayList<>())
                    .add(EventCodec.fromJson(offer.payload, OfferMade.class));
        }
        Map<String, AgentCapacity> agents = new LinkedHashMap<>();
        offers.forEach((agent, list) -> agents.put(agent, AgentCapacity.of(list, knownGpus.getOrDefault(agent, 0))));
        return agents;
    }

    static void consume(String agentId) {
        HeldOfferEntity.update("status = ?1 where agentId = ?2 and status = ?3", HeldOfferEntity.USED, agentId,
                HeldOfferEntity.HELD);
    }
}
