package io.mesoflow.launcher.mesos;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The framework id the master gave, per framework name, in the launcher's schema. */
@ApplicationScoped
public class FrameworkIdStore {
    @Inject
    EntityManager entityManager;

    @Transactional
    @SuppressWarnings("unchecked")
    public Optional<String> load(String name) {
        List<String> ids = entityManager.createNativeQuery("SELECT framework_id FROM framework_state WHERE name = ?1")
                .setParameter(1, name).getResultList();
        return ids.stream().findFirst();
    }

    @Transactional
    public void save(String name, String frameworkId) {
        entityManager.createNativeQuery("INSERT INTO framework_state (name, framework_id, updated_at) VALUES (?1, ?2, ?3) "
                        + "ON CONFLICT (name) DO UPDATE SET framework_id = EXCLUDED.framework_id, updated_at = EXCLUDED.updated_at")
                .setParameter(1, name).setParameter(2, frameworkId).setParameter(3, Instant.now()).executeUpdate();
    }
}
