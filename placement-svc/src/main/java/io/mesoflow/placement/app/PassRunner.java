package io.mesoflow.placement.app;

import io.mesoflow.placement.core.PassRequests;
import io.mesoflow.service.Backoff;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Runs the placement passes that events ask for, one at a time on its own thread, each in its own
 * transaction after the events that asked for it committed. Under load the events recorded while a
 * pass runs share the next pass ({@link PassRequests}) instead of running one each under the pass
 * lock. A failed pass is retried with back-off; should the instance die between an event's commit and
 * its pass, the next event or {@link PlacementTicker}'s pass (any instance's) places what it recorded.
 */
@ApplicationScoped
public class PassRunner {
    private static final Logger LOG = Logger.getLogger(PassRunner.class);

    @Inject
    PlacementPass pass;

    private final PassRequests requests = new PassRequests();
    /** When the first request since the last pass started came (nanoTime; 0: none), for the DEBUG timings. */
    private final java.util.concurrent.atomic.AtomicLong firstRequest = new java.util.concurrent.atomic.AtomicLong();
    private Thread thread;

    void start(@Observes StartupEvent event) {
        thread = new Thread(this::loop, "placement-pass");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent event) {
        requests.close();
    }

    /** Asks for a pass once the caller's transaction has committed. */
    public void request() {
        firstRequest.compareAndSet(0, System.nanoTime());
        requests.request();
    }

    private void loop() {
        Backoff backoff = Backoff.ofMillis(50, 5_000);
        try {
            while (requests.take()) {
                try {
                    long start = System.nanoTime();
                    long asked = firstRequest.getAndSet(0);
                    QuarkusTransaction.requiringNew().run(pass::run);
                    if (LOG.isDebugEnabled()) {
                        LOG.debugf("placement pass in %d ms, started %d ms after it was asked for",
                                (System.nanoTime() - start) / 1_000_000, asked == 0 ? -1 : (start - asked) / 1_000_000);
                    }
                    backoff.reset();
                } catch (RuntimeException e) {
                    LOG.warnf(e, "a placement pass failed, trying again in %d ms", backoff.peekMs());
                    requests.request();
                    if (!backoff.pause()) {
                        return;
                    }
                }
            }
        } catch (InterruptedException stop) {
            Thread.currentThread().interrupt();
        }
    }
}
