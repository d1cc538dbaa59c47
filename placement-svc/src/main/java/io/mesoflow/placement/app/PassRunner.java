package io.mesoflow.placement.app;

import io.mesoflow.placement.core.PassRequests;
import io.mesoflow.service.Backoff;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.function.BooleanSupplier;
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

    /**
     * Records an event ({@code record} says whether it changed what placement acts on) and places what it
     * changed. When no pass runs or waits, the pass runs at once in the event's own transaction, on the
     * caller's thread: no hand-off to the pass thread and one commit, not two. Otherwise (or should that
     * transaction fail) the event is recorded in a transaction of its own and a pass asked for, as
     * {@link #request} does; an exception from that is the caller's (its inbox retries the event).
     */
    public void recordThenPlace(BooleanSupplier record) {
        if (requests.startInline()) {
            long start = System.nanoTime();
            try {
                boolean placed = QuarkusTransaction.requiringNew().call(() -> {
                    if (!record.getAsBoolean()) {
                        return false;
                    }
                    pass.run();
                    return true;
                });
                if (placed && LOG.isDebugEnabled()) {
                    LOG.debugf("event recorded and placement pass in %d ms, in one transaction",
                            (System.nanoTime() - start) / 1_000_000);
                }
                return;
            } catch (RuntimeException e) {
                LOG.debugf("recording an event with its pass failed (%s): recording it alone", e.getMessage());
            } finally {
                requests.passEnded();
            }
        }
        if (QuarkusTransaction.requiringNew().call(record::getAsBoolean)) {
            request();
        }
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
                    requests.passEnded();
                    if (!backoff.pause()) {
                        return;
                    }
                    continue;
                }
                requests.passEnded();
            }
        } catch (InterruptedException stop) {
            Thread.currentThread().interrupt();
        }
    }
}
