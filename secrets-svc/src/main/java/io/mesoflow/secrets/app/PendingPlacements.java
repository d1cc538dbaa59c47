package io.mesoflow.secrets.app;

import io.mesoflow.events.EventCodec;
import io.mesoflow.events.TasksPlaced;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;

/** Retries placements that wait for their secrets; each due row is claimed by one instance (SKIP LOCKED). */
@ApplicationScoped
public class PendingPlacements {
    private static final Logger LOG = Logger.getLogger(PendingPlacements.class);

    @Inject
    PlacementForwarder forwarder;

    @Scheduled(every = "1s", delayed = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void retryDue() {
        try {
            List<String> due = QuarkusTransaction.requiringNew().call(() -> PendingPlacementEntity
                    .<PendingPlacementEntity>find("nextTryAt <= ?1", Instant.now()).list().stream()
                    .map(p -> p.id).toList());
            due.forEach(this::retry);
        } catch (RuntimeException e) {
            LOG.warn("retrying pending placements failed; trying again in a second", e);
        }
    }

    private void retry(String id) {
        QuarkusTransaction.requiringNew().run(() -> {
            PendingPlacementEntity pending = PendingPlacementEntity.getEntityManager()
                    .createQuery("from PendingPlacementEntity where id = ?1 and nextTryAt <= ?2",
                            PendingPlacementEntity.class)
                    .setParameter(1, id).setParameter(2, Instant.now())
                    .setLockMode(jakarta.persistence.LockModeType.PESSIMISTIC_WRITE)
                    .setHint("jakarta.persistence.lock.timeout", -2)
                    .getResultStream().findFirst().orElse(null);
            if (pending == null) {
                return;
            }
            TasksPlaced placed = EventCodec.fromJson(pending.placement, TasksPlaced.class);
            int tries = pending.tries;
            pending.delete();
            if (!forwarder.attempt(placed, tries)) {
                LOG.debugf("placement %s still waits for its secrets", id);
            }
        });
    }
}
