package io.mesoflow.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Publishes outbox records to Kafka in id order and deletes them once the broker acknowledged
 * them. One relay pass runs at a time across all instances of a service (a PostgreSQL advisory
 * lock keyed by the service's name, so services sharing a database do not wait on each other),
 * so per-key order holds even with several instances; an instance that finds the lock busy retries
 * soon ({@link RelayCadence}), as the holder may have read its batch before this one's records
 * committed. A crash between send and delete
 * publishes the batch again: delivery is at least once, consumers are idempotent. With
 * {@code mesoflow.outbox.poll-when-idle=false} (services that never write to their outbox) it
 * runs one pass after start and then only when a commit wakes it: no timer.
 */
@ApplicationScoped
public class OutboxRelay {
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final long RELAY_LOCK = 0x6d65736f666c6f77L; // "mesoflow"

    @Inject
    EntityManager entityManager;

    @Inject
    EventPublisher publisher;

    @Inject
    OutboxConfig config;

    @org.eclipse.microprofile.config.inject.ConfigProperty(name = "quarkus.application.name")
    String service;

    private final Semaphore wakeUps = new Semaphore(0);
    /** When the first commit since the last pass woke the relay (nanoTime; 0: none), for the DEBUG timings. */
    private final AtomicLong firstWake = new AtomicLong();
    private volatile boolean running;
    /** When the last pass handed its records to the producer (nanoTime), for the DEBUG timings. */
    private long sentAt;
    private Thread thread;

    void start(@Observes StartupEvent event) {
        running = true;
        thread = new Thread(this::loop, "outbox-relay");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        wake();
        if (thread != null) {
            thread.join(5_000);
        }
    }

    /** Asks for a pass now (called after a transaction that added records commits). */
    public void wake() {
        firstWake.compareAndSet(0, System.nanoTime());
        wakeUps.release();
    }

    private void loop() {
        Backoff backoff = Backoff.ofMillis(100, 5_000);
        RelayCadence cadence = new RelayCadence(config.batchSize(), config.pollInterval().toMillis(), 5,
                config.pollWhenIdle());
        long wait = config.pollInterval().toMillis();
        while (running) {
            try {
                if (wait == RelayCadence.UNTIL_WOKEN) {
                    wakeUps.acquire();
                } else if (wait > 0) {
                    wakeUps.tryAcquire(wait, TimeUnit.MILLISECONDS);
                }
                wakeUps.drainPermits();
                long start = System.nanoTime();
                long woken = firstWake.getAndSet(0);
                int published = relayBatch();
                if (published != 0 && LOG.isDebugEnabled()) {
                    LOG.debugf("relay pass: %d records in %d ms, sent %d ms after the commit that woke it", published,
                            (System.nanoTime() - start) / 1_000_000, woken == 0 ? -1 : (sentAt - woken) / 1_000_000);
                }
                wait = cadence.waitAfter(published);
                backoff.reset();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.warnf("outbox relay pass failed, retrying in %d ms: %s", backoff.peekMs(), e.getMessage());
                backoff.pause();
                wait = 0;
            }
        }
    }

    /** One pass: returns how many records it published, {@link RelayCadence#LOCK_BUSY} when another instance relays. */
    int relayBatch() {
        return QuarkusTransaction.requiringNew().call(() -> {
            Boolean locked = (Boolean) entityManager
                    .createNativeQuery("SELECT pg_try_advisory_xact_lock(" + (RELAY_LOCK ^ service.hashCode()) + ")")
                    .getSingleResult();
            if (!Boolean.TRUE.equals(locked)) {
                return RelayCadence.LOCK_BUSY;
            }
            List<OutboxRecord> batch = OutboxRecord.find("order by id").page(0, config.batchSize()).list();
            if (batch.isEmpty()) {
                return 0;
            }
            sentAt = System.nanoTime();
            List<Uni<Void>> sends = batch.stream()
                    .map(r -> publisher.send(r.topic, r.recordKey, r.payload))
                    .toList();
            // The broker's acknowledgements complete on the producer's threads: wait for them with the
            // transaction suspended, or context propagation would drag it onto those threads.
            QuarkusTransaction.suspendingExisting().run(() ->
                    Uni.join().all(sends).andFailFast().await().atMost(config.sendTimeout()));
            // Exactly the published ids: ids are allocated at insert but committed in any order, so a
            // lower id may have committed after this batch was read ("id <= last" would drop it unsent).
            OutboxRecord.delete("id in ?1", batch.stream().map(r -> r.id).toList());
            return batch.size();
        });
    }
}
