package io.mesoflow.service;

import io.mesoflow.events.MesoflowEvent;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.Objects;

/**
 * Transaction-scoped PostgreSQL advisory locks on event keys (a job id), taken in one order: a batch
 * of events locks each key once, sorted, so two transactions that lock several of the same keys never
 * wait on each other in a cycle. The lock is {@code namespace:key}; it is released at commit or rollback.
 */
public final class OrderedLocks {
    private OrderedLocks() {
    }

    /** The events' keys, each once, sorted: the one order every batch takes them in. */
    public static List<String> keysInOrder(List<? extends MesoflowEvent> events) {
        return events.stream().map(MesoflowEvent::key).filter(Objects::nonNull).distinct().sorted().toList();
    }

    /** Locks every event's key, in {@link #keysInOrder}. */
    public static void lockKeys(EntityManager entityManager, String namespace, List<? extends MesoflowEvent> events) {
        keysInOrder(events).forEach(key -> lock(entityManager, namespace, key));
    }

    /** One key's lock, held until the transaction ends. */
    public static void lock(EntityManager entityManager, String namespace, String key) {
        entityManager.createNativeQuery("SELECT pg_advisory_xact_lock(hashtext(?1))")
                .setParameter(1, namespace + ":" + key).getSingleResult();
    }
}
