package io.mesoflow.launcher.local;

import io.mesoflow.events.DeclineOfferRequested;
import io.mesoflow.events.OfferMade;
import io.mesoflow.events.Resources;
import io.mesoflow.events.TaskPlacement;
import io.mesoflow.launcher.LauncherConfig;
import io.mesoflow.launcher.store.DurableWrites;
import io.mesoflow.launcher.store.LauncherStore;
import io.mesoflow.launcher.store.StatusReporter;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The local agent's offer cycle for one term of leadership: what is free is offered (as several
 * offers of about {@code offer-slice-cpus} CPUs each, {@link OfferSlicer}) every
 * {@code offer-interval} and at once when resources come back (a launch's leftovers, an ended task,
 * a revive, a decline's refusal filter running out, unless suppressed: {@link OfferLedger}), so the next queued job never waits for the timer. Each offer is recorded before it is
 * published, so the next leader can rescind it. The bookkeeping itself is {@link OfferLedger}'s.
 */
@ApplicationScoped
public class OfferBook {
    private static final Logger LOG = Logger.getLogger(OfferBook.class);

    @Inject
    LauncherConfig config;

    @Inject
    LauncherStore store;

    @Inject
    StatusReporter reporter;

    @Inject
    DurableWrites durably;

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "local-offers");
        t.setDaemon(true);
        return t;
    });
    private volatile OfferLedger ledger;
    private volatile boolean offeringOn;
    private ScheduledFuture<?> offering;

    /** A new term: the agent's resources, from which adopted tasks {@link #reserve} theirs before {@link #start}. */
    synchronized void open(ResourcePool pool) {
        ledger = new OfferLedger(config.local().agentId(), pool, config.local().offerSliceCpus());
    }

    ResourcePool.Slice reserve(Resources resources, List<Integer> ports, List<Integer> gpus) {
        return ledger.reserve(resources, ports, gpus);
    }

    synchronized void start() {
        long interval = config.local().offerInterval().toMillis();
        offeringOn = true;
        offering = timer.scheduleWithFixedDelay(this::offerFreeResources, 0, interval, TimeUnit.MILLISECONDS);
    }

    /** The term ended: no more offers; every outstanding and withheld offer is forgotten with the ledger. */
    synchronized void close() {
        offeringOn = false;
        if (offering != null) {
            offering.cancel(false);
            offering = null;
        }
    }

    void stop(@Observes ShutdownEvent event) {
        timer.shutdownNow();
    }

    /**
     * Uses up the offers the tasks name. When they fit, the offers are forgotten (durably) and what the
     * tasks leave is offered again now: an accepted offer is used up.
     */
    OfferLedger.Allocation accept(List<TaskPlacement> tasks) {
        OfferLedger.Allocation allocation = ledger.allocate(tasks);
        if (allocation instanceof OfferLedger.Allocated allocated) {
            durably.run("forgetting offers " + allocated.offerIds(), () -> store.offersGone(allocated.offerIds()));
            offerSoon();
        }
        return allocation;
    }

    /** The tasks' offers return unused (the launch failed before it could use them). */
    void giveBack(List<TaskPlacement> tasks) {
        ledger.giveBack(OfferLedger.offerIdsOf(tasks));
    }

    /**
     * The declined offer's resources are withheld for the refusal filter's seconds (as a Mesos master
     * does), then offered again the moment the filter runs out (not at the next offer cycle);
     * {@link #revive()} offers every withheld slice at once.
     */
    void decline(DeclineOfferRequested request) {
        Instant now = Instant.now();
        long refuseMs = (long) (request.refuseSeconds() * 1000);
        Instant until = now.plusMillis(refuseMs);
        if (ledger.decline(request.offerId(), until, now)) {
            durably.run("forgetting offer " + request.offerId(), () -> store.offerGone(request.offerId()));
            if (refuseMs > 0) {
                timer.schedule(this::offerFreeResources, refuseMs, TimeUnit.MILLISECONDS);
            } else {
                offerSoon();
            }
        }
    }

    void revive() {
        ledger.revive();
        offerSoon();
    }

    /** Placement has nothing waiting: declined resources are not offered again until the next revive. */
    void suppress() {
        ledger.suppress();
    }

    /** An ended task's resources: free, and offered again now. */
    void free(ResourcePool.Slice slice) {
        ledger.free(slice);
        offerSoon();
    }

    private void offerSoon() {
        timer.execute(this::offerFreeResources);
    }

    void offerFreeResources() {
        if (!offeringOn) {
            return;
        }
        try {
            OfferLedger current = ledger;
            String agentId = config.local().agentId();
            List<OfferLedger.Offered> offered = current.offer(() -> agentId + "-O-" + UUID.randomUUID(), Instant.now());
            if (offered.isEmpty()) {
                return;
            }
            List<String> offerIds = offered.stream().map(OfferLedger.Offered::offerId).toList();
            try {
                store.offersMade(offerIds.stream().map(id -> new LauncherStore.Offer(id, agentId)).toList());
            } catch (RuntimeException e) {
                current.withdraw(offerIds);
                throw e;
            }
            Instant now = Instant.now();
            reporter.offers(offered.stream().map(o -> new OfferMade(o.offerId(), agentId, config.local().hostname(),
                    o.slice().cpus(), o.slice().memMb(), o.slice().diskMb(), o.slice().gpus().size(),
                    o.slice().portRanges(), Map.of("backend", "local"), now)).toList());
        } catch (RuntimeException e) {
            LOG.error("offering free resources failed", e);
        }
    }
}
