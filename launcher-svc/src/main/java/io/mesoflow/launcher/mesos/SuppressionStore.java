package io.mesoflow.launcher.mesos;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;

/**
 * Whether placement last asked to suppress or to revive offers for the framework's role. Kept in
 * the launcher's schema, so every launcher (a restarted one, the next leader) subscribes with the
 * same {@code suppressed_roles}: the master clears suppression on a re-subscription.
 */
@ApplicationScoped
public class SuppressionStore {
    @Inject
    EntityManager entityManager;

    @Transactional
    @SuppressWarnings("unchecked")
    public boolean suppressed(String role) {
        List<Boolean> rows = entityManager.createNativeQuery("SELECT suppressed FROM mesos_suppression WHERE role = ?1")
                .setParameter(1, role).getResultList();
        return !rows.isEmpty() && rows.get(0);
    }

    @Transactional
    public void set(String role, boolean suppressed) {
        entityManager.createNativeQuery("INSERT INTO mesos_suppression (role, suppressed, updated_at) VALUES (?1, ?2, ?3) "
                        + "ON CONFLICT (role) DO UPDATE SET suppressed = EXCLUDED.suppressed, updated_at = EXCLUDED.updated_at")
                .setParameter(1, role).setParameter(2, suppressed).setParameter(3, Instant.now()).executeUpdate();
    }
}
