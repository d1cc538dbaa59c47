package io.mesoflow.service;

import io.mesoflow.events.EventCodec;
import io.mesoflow.events.MesoflowEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.time.Instant;

/**
 * The transactional outbox: an event added here is published if and only if the surrounding
 * transaction commits, at least once, in the order it was added.
 */
@ApplicationScoped
public class Outbox {
    @Inject
    EventCodec codec;

    @Inject
    KafkaConfig kafka;

    @Inject
    TransactionSynchronizationRegistry transactions;

    @Inject
    OutboxRelay relay;

    @Transactional(Transactional.TxType.MANDATORY)
    public void add(String topic, MesoflowEvent event) {
        OutboxRecord record = new OutboxRecord();
        record.topic = kafka.topic(topic);
        record.recordKey = event.key();
        record.payload = codec.encode(event);
        record.createdAt = Instant.now();
        record.persist();
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    relay.wake();
                }
            }
        });
    }
}
