package io.mesoflow.service;

import io.mesoflow.events.EventCodec;
import io.mesoflow.events.EventDecodingException;
import io.mesoflow.events.MesoflowEvent;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * How every service consumes an event record:
 * <ul>
 *   <li>a record that does not decode is nacked, so the channel's dead-letter queue keeps it and
 *       the consumer moves on;</li>
 *   <li>a handler that throws {@link RejectedEventException} dead-letters the record too;</li>
 *   <li>any other failure (database or broker down) is retried with back-off until it succeeds,
 *       so nothing is skipped and per-partition order holds;</li>
 *   <li>the record is acknowledged (its offset committed) only after the handler's transaction
 *       committed. On shutdown mid-retry it is neither acked nor nacked: it is redelivered.</li>
 * </ul>
 */
@ApplicationScoped
public class EventInbox {
    private static final Logger LOG = Logger.getLogger(EventInbox.class);

    @Inject
    MeterRegistry metrics;

    private volatile boolean stopping;

    void stop(@Observes ShutdownEvent event) {
        stopping = true;
    }

    /** Handles a record in a new transaction per try. */
    public CompletionStage<Void> inTransaction(Message<String> message, Consumer<MesoflowEvent> handler) {
        return handle(message, event -> QuarkusTransaction.requiringNew().run(() -> handler.accept(event)));
    }

    /**
     * Handles a batch of records (one poll's worth, in partition order) in ONE transaction, each event
     * in turn: a burst of records costs one commit, not one each. Records that do not decode are
     * dead-lettered first. When the transaction fails (a handler rejected an event, or the database is
     * down) nothing of it stays and every record is handled again on its own, with the guarantees of
     * {@link #inTransaction}. The batch is acknowledged only after its records' work committed, so a
     * crash redelivers it (handlers are idempotent). {@code before} runs first in the batch's
     * transaction with all its events (e.g. to take their locks in one order).
     */
    public CompletionStage<Void> inOneTransaction(Message<?> batch, List<? extends Message<String>> records,
                                                  Consumer<List<MesoflowEvent>> before,
                                                  Consumer<MesoflowEvent> handler) {
        List<CompletionStage<Void>> settled = new ArrayList<>();
        List<Message<String>> decodable = new ArrayList<>();
        List<MesoflowEvent> events = new ArrayList<>();
        for (Message<String> record : records) {
            if (LOG.isDebugEnabled()) {
                logLag(record, "record", "a batch");
            }
            try {
                events.add(EventCodec.decode(record.getPayload()));
                decodable.add(record);
            } catch (EventDecodingException e) {
                LOG.errorf("dead-lettering an undecodable record: %s", e.getMessage());
                metrics.counter("mesoflow.events.consumed", "type", "unknown", "outcome", "dead-lettered").increment();
                settled.add(record.nack(e));
            }
        }
        try {
            long start = System.nanoTime();
            QuarkusTransaction.requiringNew().run(() -> {
                before.accept(events);
                events.forEach(handler);
            });
            if (LOG.isDebugEnabled()) {
                LOG.debugf("handled a batch of %d records in one transaction in %d ms", events.size(),
                        (System.nanoTime() - start) / 1_000_000);
            }
            events.forEach(e -> metrics.counter("mesoflow.events.consumed", "type", e.getClass().getSimpleName(),
                    "outcome", "handled").increment());
        } catch (RuntimeException e) {
            LOG.debugf("a batch of %d records failed as one (%s): handling each on its own", events.size(),
                    e.getMessage());
            for (int i = 0; i < events.size(); i++) {
                MesoflowEvent event = events.get(i);
                settled.add(deliver(decodable.get(i), event.getClass().getSimpleName(), event.key(),
                        () -> QuarkusTransaction.requiringNew().run(() -> handler.accept(event))));
            }
        }
        return CompletableFuture.allOf(settled.stream().map(CompletionStage::toCompletableFuture)
                .toArray(CompletableFuture[]::new)).thenCompose(done -> batch.ack());
    }

    /** Handles a record with no transaction (the handler has no database state). */
    public CompletionStage<Void> handle(Message<String> message, Consumer<MesoflowEvent> handler) {
        MesoflowEvent event;
        try {
            event = EventCodec.decode(message.getPayload());
        } catch (EventDecodingException e) {
            LOG.errorf("dead-lettering an undecodable record: %s", e.getMessage());
            metrics.counter("mesoflow.events.consumed", "type", "unknown", "outcome", "dead-lettered").increment();
            return message.nack(e);
        }
        return deliver(message, event.getClass().getSimpleName(), event.key(), () -> handler.accept(event));
    }

    /**
     * Handles a record that is not a MesoFlow event (e.g. a raw job spec from another system) with
     * the same guarantees: {@link RejectedEventException} dead-letters it, other failures are retried.
     */
    public CompletionStage<Void> handleRaw(Message<String> message, String type, String key, Runnable handler) {
        return deliver(message, type, key, handler);
    }

    private CompletionStage<Void> deliver(Message<String> message, String type, String key, Runnable handler) {
        if (LOG.isDebugEnabled()) {
            logLag(message, type, key);
        }
        Backoff backoff = Backoff.ofMillis(50, 5_000);
        while (!stopping) {
            try {
                long start = System.nanoTime();
                handler.run();
                if (LOG.isDebugEnabled()) {
                    LOG.debugf("handled %s for %s in %d ms", type, key, (System.nanoTime() - start) / 1_000_000);
                }
                metrics.counter("mesoflow.events.consumed", "type", type, "outcome", "handled").increment();
                return message.ack();
            } catch (RejectedEventException e) {
                LOG.errorf("dead-lettering %s for %s: %s", type, key, e.getMessage());
                metrics.counter("mesoflow.events.consumed", "type", type, "outcome", "dead-lettered").increment();
                return message.nack(e);
            } catch (RuntimeException e) {
                metrics.counter("mesoflow.events.consumed", "type", type, "outcome", "retried").increment();
                LOG.warnf(e, "handling %s for %s failed, retrying in %d ms", type, key, backoff.peekMs());
                backoff.pause();
            }
        }
        return new CompletableFuture<>();
    }

    /** DEBUG: how long after it was produced a record reached its handler (to find where a hop waits). */
    private static void logLag(Message<?> message, String type, String key) {
        message.getMetadata(IncomingKafkaRecordMetadata.class).ifPresent(m -> LOG.debugf(
                "consumed %s for %s from %s-%d@%d, produced %d ms ago", type, key, m.getTopic(), m.getPartition(),
                m.getOffset(), System.currentTimeMillis() - m.getTimestamp().toEpochMilli()));
    }
}
