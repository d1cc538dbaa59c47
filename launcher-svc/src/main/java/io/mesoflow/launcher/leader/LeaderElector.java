package io.mesoflow.launcher.leader;

import io.mesoflow.launcher.LauncherConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.util.List;
import java.util.OptionalLong;
import org.jboss.logging.Logger;

/**
 * Runs this launcher as the leader or a hot standby. The leader renews its lease every
 * {@code renew-interval}; a standby polls for an expired lease and, once it holds it, makes every
 * {@link Leadership} participant take over (the backend adopts what the last leader left, then the
 * Kafka consumer starts). A leader that cannot renew in time, or finds the lease taken, steps down
 * at once: {@link #acting()} turns false by its own clock before any other launcher can take over.
 */
@ApplicationScoped
public class LeaderElector {
    private static final Logger LOG = Logger.getLogger(LeaderElector.class);

    @Inject
    LauncherConfig config;

    @Inject
    LeaseStore store;

    @Inject
    Instance<Leadership> participants;

    @Inject
    MeterRegistry metrics;

    private Lease lease;
    private String instanceId;
    private volatile boolean running;
    private Thread thread;

    void start(@Observes StartupEvent event) {
        lease = new Lease(config.leader().lease());
        instanceId = config.leader().instanceId().orElseGet(LeaderElector::defaultInstanceId);
        Gauge.builder("mesoflow.launcher.leader", this, e -> e.acting() ? 1 : 0)
                .description("1 while this launcher is the active leader").register(metrics);
        running = true;
        thread = new Thread(this::loop, "leader-election");
        thread.setDaemon(true);
        thread.start();
        LOG.infof("launcher %s started as a standby; waiting for the lease", instanceId);
    }

    /** Runs first on shutdown: participants stop (consumer first), then the lease is released for a standby. */
    void stop(@Observes @Priority(1) ShutdownEvent event) throws InterruptedException {
        running = false;
        if (thread != null) {
            thread.interrupt();
            thread.join(5_000);
        }
        if (lease != null && lease.held()) {
            reversed().forEach(p -> safely(p::shutDown, "stopping " + p));
            lease.lost();
            safely(() -> store.release(instanceId, lease.epoch()), "releasing the lease");
            LOG.infof("launcher %s released the lease", instanceId);
        }
    }

    /** True while this launcher leads and its lease is still valid by its own clock. */
    public boolean acting() {
        return lease != null && lease.validAt(System.nanoTime());
    }

    /** The fencing token of the current term. */
    public long epoch() {
        return lease.epoch();
    }

    public String instanceId() {
        return instanceId;
    }

    /** The fence for a transaction: throws unless this launcher's term is still the current one. */
    public void checkFence() {
        long current = store.currentEpochLocked();
        if (!acting() || current != lease.epoch()) {
            throw new FencedException("launcher " + instanceId + " (epoch " + lease.epoch()
                    + ") is not the leader; epoch " + current + " is");
        }
    }

    private void loop() {
        while (running) {
            try {
                if (lease.held()) {
                    renew();
                    Thread.sleep(config.leader().renewInterval().toMillis());
                } else {
                    tryToLead();
                    if (!lease.held()) {
                        Thread.sleep(config.leader().standbyPollInterval().toMillis());
                    }
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void renew() {
        Renewal renewal = renewal();
        switch (renewal) {
            case EXPIRED, REFUSED -> stepDown(renewal.why);
            case UNREACHABLE -> {
                if (!lease.validAt(System.nanoTime())) {
                    stepDown("the lease expired while the database was unreachable");
                }
            }
            default -> {
            }
        }
    }

    /** What one renewal did; the lease is granted again on RENEWED. */
    private enum Renewal {
        RENEWED(null), EXPIRED("the lease ran out before it could be renewed"),
        REFUSED("another launcher holds the lease"), UNREACHABLE("the database is unreachable");

        final String why;

        Renewal(String why) {
            this.why = why;
        }
    }

    private Renewal renewal() {
        long sent = System.nanoTime();
        if (!lease.validAt(sent)) {
            return Renewal.EXPIRED;
        }
        try {
            if (store.renew(instanceId, lease.epoch(), lease.length())) {
                lease.granted(lease.epoch(), sent);
                return Renewal.RENEWED;
            }
            return Renewal.REFUSED;
        } catch (RuntimeException e) {
            LOG.warnf("cannot renew the lease yet: %s", e.getMessage());
            return Renewal.UNREACHABLE;
        }
    }

    private void tryToLead() {
        long sent = System.nanoTime();
        OptionalLong epoch;
        try {
            epoch = store.tryAcquire(instanceId, lease.length());
        } catch (RuntimeException e) {
            LOG.debugf("cannot reach the lease: %s", e.getMessage());
            return;
        }
        if (epoch.isEmpty()) {
            return;
        }
        lease.granted(epoch.getAsLong(), sent);
        LOG.infof("launcher %s leads now (epoch %d); taking over", instanceId, epoch.getAsLong());
        long begin = System.nanoTime();
        Thread renewer = renewDuringTakeOver();
        try {
            for (Leadership participant : ordered()) {
                participant.takeOver();
            }
            stopRenewer(renewer);
            if (!lease.held()) {
                stepDown("the lease was lost during the take-over");
                return;
            }
            metrics.counter("mesoflow.launcher.takeovers").increment();
            LOG.infof("take-over done in %d ms", (System.nanoTime() - begin) / 1_000_000);
        } catch (RuntimeException e) {
            stopRenewer(renewer);
            LOG.errorf(e, "take-over failed; stepping down");
            stepDown("take-over failed");
            safely(() -> store.release(instanceId, lease.epoch()), "releasing the lease");
        }
    }

    /**
     * A take-over (adopting what the last leader left) can outlast the lease on a slow host: the
     * lease is renewed meanwhile, as the loop would, so a slow take-over does not end in a spurious
     * second one. A refused or expired renewal only marks the lease lost: the take-over's fenced
     * work then fails, and the loop's thread steps down once the participants are done.
     */
    private Thread renewDuringTakeOver() {
        Thread renewer = new Thread(() -> {
            try {
                while (lease.held()) {
                    Thread.sleep(config.leader().renewInterval().toMillis());
                    renewOnce();
                }
            } catch (InterruptedException e) {
                // the take-over ended
            }
        }, "leader-renewal-during-take-over");
        renewer.setDaemon(true);
        renewer.start();
        return renewer;
    }

    private void renewOnce() {
        Renewal renewal = renewal();
        if (renewal == Renewal.EXPIRED || renewal == Renewal.REFUSED) {
            LOG.warnf("launcher %s during its take-over: %s", instanceId, renewal.why);
            lease.lost();
        }
    }

    private static void stopRenewer(Thread renewer) {
        renewer.interrupt();
        try {
            renewer.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void stepDown(String why) {
        LOG.warnf("launcher %s steps down (epoch %d): %s", instanceId, lease.epoch(), why);
        lease.lost();
        reversed().forEach(p -> safely(p::stepDown, "stepping down " + p));
    }

    private List<Leadership> reversed() {
        List<Leadership> reversed = new java.util.ArrayList<>(ordered());
        java.util.Collections.reverse(reversed);
        return reversed;
    }

    /** The participants in take-over order (package-private: a test gives its own). */
    List<Leadership> ordered() {
        return participants.stream().sorted(java.util.Comparator.comparingInt(Leadership::order)).toList();
    }

    private static void safely(Runnable action, String what) {
        try {
            action.run();
        } catch (RuntimeException e) {
            LOG.warnf(e, "%s failed", what);
        }
    }

    private static String defaultInstanceId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "unknown-host";
        }
        return host + "-" + ManagementFactory.getRuntimeMXBean().getPid() + "-"
                + Long.toHexString(System.nanoTime() & 0xffff);
    }
}
