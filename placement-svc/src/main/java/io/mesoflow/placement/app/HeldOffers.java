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

/** The offers placement holds, per agent; a placement uses the offers it accepts ({@code AcceptedOffers}). */
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

    /**
     * {@code offer} with the agent's other held offers added to it: what the agent offers at once
     * (a backend may offer one agent's resources as several offers), for {@link KnownAgents}.
     */
    static OfferMade withOthersHeld(OfferMade offer) {
        double cpus = offer.cpus();
        double mem = offer.memMb();
        double disk = offer.diskMb();
        int gpus = offer.gpus();
        for (HeldOfferEntity held : HeldOfferEntity.<HeldOfferEntity>list("status = ?1 and agentId = ?2",
                HeldOfferEntity.HELD, offer.agentId())) {
            if (!held.offerId.equals(offer.offerId())) {
                OfferMade other = EventCodec.fromJson(held.payload, OfferMade.class);
                cpus += other.cpus();
                mem += other.memMb();
                disk += other.diskMb();
                gpus += other.gpus();
            }
        }
        return new OfferMade(offer.offerId(), offer.agentId(), offer.hostname(), cpus, mem, disk, gpus, offer.ports(),
                offer.attributes(), offer.offeredAt());
    }

    /** The offers a placement accepts are used; the agent's other offers stay held. */
    static void consume(java.util.Collection<String> offerIds) {
        if (!offerIds.isEmpty()) {
            HeldOfferEntity.update("status = ?1 where offerId in ?2 and status = ?3", HeldOfferEntity.USED,
                    List.copyOf(offerIds), HeldOfferEntity.HELD);
        }
    }
}
