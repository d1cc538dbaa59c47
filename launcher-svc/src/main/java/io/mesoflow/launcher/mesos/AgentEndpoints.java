package io.mesoflow.launcher.mesos;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each agent's HTTP endpoint (its offers carry it), so a task's logs are read from the agent that
 * runs it. Written through to the launcher's schema only when it changes; read from memory.
 */
@ApplicationScoped
public class AgentEndpoints {
    @Inject
    EntityManager entityManager;

    private final Map<String, String> known = new ConcurrentHashMap<>();

    /** Records an agent's endpoint seen in an offer (null: the offer had none). */
    @Transactional
    public void seen(String agentId, String hostname, String url) {
        if (url == null || Objects.equals(known.get(agentId), url)) {
            return;
        }
        entityManager.createNativeQuery("INSERT INTO mesos_agents (agent_id, hostname, url, updated_at) VALUES (?1, ?2, ?3, ?4) "
                        + "ON CONFLICT (agent_id) DO UPDATE SET hostname = EXCLUDED.hostname, url = EXCLUDED.url, "
                        + "updated_at = EXCLUDED.updated_at")
                .setParameter(1, agentId).setParameter(2, hostname).setParameter(3, url).setParameter(4, Instant.now())
                .executeUpdate();
        known.put(agentId, url);
    }

    /**
     * {@link #url} of several agents (a run of updates): those not in memory read in one query, not one
     * each. Agents without a known endpoint are left out of the map.
     */
    @SuppressWarnings("unchecked")
    public Map<String, String> urls(Collection<String> agentIds) {
        Map<String, String> urls = new HashMap<>();
        List<String> missing = new ArrayList<>();
        for (String agentId : new LinkedHashSet<>(agentIds)) {
            String cached = agentId == null ? null : known.get(agentId);
            if (cached != null) {
                urls.put(agentId, cached);
            } else if (agentId != null) {
                missing.add(agentId);
            }
        }
        if (!missing.isEmpty()) {
            List<Object[]> rows = QuarkusTransaction.requiringNew().call(() -> entityManager
                    .createNativeQuery("SELECT agent_id, url FROM mesos_agents WHERE agent_id IN (:ids)")
                    .setParameter("ids", missing).getResultList());
            for (Object[] row : rows) {
                if (row[1] != null) {
                    known.put((String) row[0], (String) row[1]);
                    urls.put((String) row[0], (String) row[1]);
                }
            }
        }
        return urls;
    }

    /** The agent's endpoint, or null when no offer of it said one; the database only on a cache miss. */
    public String url(String agentId) {
        return agentId == null ? null : urls(List.of(agentId)).get(agentId);
    }
}
