package io.mesoflow.service;

import io.mesoflow.events.EventCodec;
import io.mesoflow.events.MesoflowEvent;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Publishes events straight to Kafka and waits for the broker's acknowledgement. Use it where
 * the event can be rebuilt after a crash (the launcher reconciles); use {@link Outbox} where the
 * event must be atomic with a database change.
 */
@ApplicationScoped
public class EventPublisher {
    @Inject
    @Channel("mesoflow-out")
    MutinyEmitter<String> emitter;

    @Inject
    EventCodec codec;

    @Inject
    KafkaConfig kafka;

    @Inject
    MeterRegistry metrics;

    /** Publishes and blocks until acknowledged. Not for the event loop. */
    public void publish(String topic, MesoflowEvent event) {
        send(kafka.topic(topic), event.key(), codec.encode(event)).await().atMost(Duration.ofSeconds(30));
        metrics.counter("mesoflow.events.published", "type", event.getClass().getSimpleName()).increment();
    }

    /** Sends an already encoded record to a fully named topic; completes when acknowledged. */
    public Uni<Void> send(String fullTopic, String key, String payload) {
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(fullTopic)
                .withKey(key)
                .build();
        return emitter.sendMessage(Message.of(payload).addMetadata(metadata));
    }
}
