package io.mesoflow.placement.app;

import io.mesoflow.events.OfferMade;
import io.mesoflow.placement.core.AgentTotal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The most each agent has ever offered at once (the sum of its offers held together: a backend
 * may offer one agent as several offers). An offer holds only what is unallocated, so an agent
 * whose only GPU is in use offers no GPUs; its GPU capacity is known from its earlier offers.
 */
@ApplicationScoped
public class KnownAgents {
    @Inject
    EntityManager entityManager;

    @Transactional(Transactional.TxType.MANDATORY)
    public void offered(OfferMade offer) {
        entityManager.createNativeQuery("INSERT INTO known_agents (agent_id, gpus, cpus, mem_mb, seen_at) "
                        + "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (agent_id) DO UPDATE SET "
                        + "gpus = GREATEST(known_agents.gpus, EXCLUDED.gpus), cpus = GREATEST(known_agents.cpus, EXCLUDED.cpus), "
                        + "mem_mb = GREATEST(known_agents.mem_mb, EXCLUDED.mem_mb), seen_at = EXCLUDED.seen_at")
                .setParameter(1, offer.agentId()).setParameter(2, offer.gpus()).setParameter(3, offer.cpus())
                .setParameter(4, offer.memMb()).setParameter(5, offer.offeredAt()).executeUpdate();
    }

    /** Every known agent's GPU capacity (the most it offered at once). */
    @Transactional(Transactional.TxType.MANDATORY)
    @SuppressWarnings("unchecked")
    public Map<String, Integer> gpuCapacity() {
        Map<String, Integer> gpus = new HashMap<>();
        List<Object[]> rows = entityManager.createNativeQuery("SELECT agent_id, gpus FROM known_agents WHERE gpus > 0")
                .getResultList();
        rows.forEach(r -> gpus.put((String) r[0], ((Number) r[1]).intValue()));
        return gpus;
    }

    /** Every known agent's capacity (the most it offered at once), for "can never fit". */
    @Transactional(Transactional.TxType.MANDATORY)
    @SuppressWarnings("unchecked")
    public List<AgentTotal> totals() {
        List<Object[]> rows = entityManager.createNativeQuery("SELECT agent_id, cpus, mem_mb, gpus FROM known_agents")
                .getResultList();
        return rows.stream().map(r -> new AgentTotal((String) r[0], ((Number) r[1]).doubleValue(),
                ((Number) r[2]).doubleValue(), ((Number) r[3]).intValue())).toList();
    }
}
