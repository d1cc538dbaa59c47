package io.mesoflow.api.service;

import io.mesoflow.api.ApiConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Keeps history for {@code mesoflow.api.history.retention}: jobs that ended before that are
 * deleted with their revisions, attempts, TF_CONFIGs, timeline, progress, scalar series and
 * idempotency keys, in batches, by one instance at a time ({@code SKIP LOCKED}).
 */
@ApplicationScoped
public class HistoryPruner {
    private static final Logger LOG = Logger.getLogger(HistoryPruner.class);
    private static final int BATCH = 500;

    @Inject
    ApiConfig config;

    @Inject
    EntityManager entityManager;

    @Inject
    MeterRegistry metrics;

    @Scheduled(every = "${mesoflow.api.history.prune-interval}", delayed = "${mesoflow.api.history.prune-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void pruneQuietly() {
        try {
            prune(Instant.now().minus(config.history().retention()));
        } catch (RuntimeException e) {
            LOG.warn("pruning old jobs failed; will try again", e);
        }
    }

    /** Deletes every job that ended before {@code cutoff}; returns how many. */
    public int prune(Instant cutoff) {
        int total = 0;
        while (true) {
            int n = QuarkusTransaction.requiringNew().call(() -> pruneBatch(cutoff));
            total += n;
            if (n < BATCH) {
                break;
            }
        }
        if (total > 0) {
            LOG.infof("pruned %d jobs that ended before %s", total, cutoff);
            metrics.counter("mesoflow.history.pruned").increment(total);
        }
        return total;
    }

    @SuppressWarnings("unchecked")
    private int pruneBatch(Instant cutoff) {
        List<String> ids = entityManager.createNativeQuery(
                        "SELECT id FROM jobs WHERE ended_at < ?1 ORDER BY ended_at LIMIT " + BATCH
                                + " FOR UPDATE SKIP LOCKED")
                .setParameter(1, cutoff).getResultList();
        if (ids.isEmpty()) {
            return 0;
        }
        String[] array = ids.toArray(String[]::new);
        for (String table : List.of("job_events", "task_attempts", "task_tf_configs", "job_revisions", "job_progress",
                "job_scalar_points", "idempotency_keys")) {
            entityManager.createNativeQuery("DELETE FROM " + table + " WHERE job_id = ANY(?1)")
                    .setParameter(1, array).executeUpdate();
        }
        entityManager.createNativeQuery("DELETE FROM jobs WHERE id = ANY(?1)").setParameter(1, array).executeUpdate();
        return ids.size();
    }
}
