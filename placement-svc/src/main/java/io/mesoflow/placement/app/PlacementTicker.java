package io.mesoflow.placement.app;

import io.mesoflow.placement.PlacementConfig;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Runs a pass every {@code tick-interval} even when no event arrives: held offers time out,
 * budget windows move on, and a waiting job starts to reserve once it passes the backfill limit.
 */
@ApplicationScoped
public class PlacementTicker {
    private static final Logger LOG = Logger.getLogger(PlacementTicker.class);

    @Inject
    PlacementConfig config;

    @Inject
    PlacementPass pass;

    private ScheduledExecutorService timer;

    void start(@Observes StartupEvent event) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "placement-tick");
            t.setDaemon(true);
            return t;
        });
        long every = config.tickInterval().toMillis();
        timer.scheduleWithFixedDelay(this::tick, every, every, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    private void tick() {
        try {
            QuarkusTransaction.requiringNew().run(pass::run);
        } catch (RuntimeException e) {
            LOG.warn("a timed placement pass failed; the next tick tries again", e);
        }
    }
}
