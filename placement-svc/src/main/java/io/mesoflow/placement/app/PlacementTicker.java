package io.mesoflow.placement.app;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Runs a pass every {@code tick-interval} even when no event arrives: held offers time out,
 * budget windows move on, and a waiting job starts to reserve once it passes the backfill limit.
 */
@ApplicationScoped
public class PlacementTicker {
    private static final Logger LOG = Logger.getLogger(PlacementTicker.class);

    @Inject
    PlacementPass pass;

    @Scheduled(every = "${mesoflow.placement.tick-interval}", delayed = "${mesoflow.placement.tick-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        try {
            QuarkusTransaction.requiringNew().run(pass::run);
        } catch (RuntimeException e) {
            LOG.warn("a timed placement pass failed; the next tick tries again", e);
        }
    }
}
