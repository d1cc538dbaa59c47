package io.mesoflow.testing;

import io.mesoflow.events.EventCodec;
import io.mesoflow.events.MesoflowEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Plain Kafka clients for tests: produce events as another service would, read what a service emitted. */
public final class TestTopics implements AutoCloseable {
    private final String bootstrap;
    private final String prefix;
    private final KafkaProducer<String, String> producer;
    private final EventCodec codec = new EventCodec("test");

    public TestTopics(String bootstrap, String prefix) {
        this.bootstrap = bootstrap;
        this.prefix = prefix;
        this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer());
    }

    /** For a test class run with {@link MesoflowTestResource}. */
    public static TestTopics forCurrentTest() {
        return new TestTopics(TestInfra.kafka().bootstrapServers(),
                System.getProperty(MesoflowTestResource.NAMESPACE_PROPERTY) + ".");
    }

    public String topic(String name) {
        return prefix + name;
    }

    public void send(String topic, MesoflowEvent event) {
        sendRaw(topic, event.key(), codec.encode(event));
    }

    /**
     * Sends the events in order (keyed as {@link #send} keys them), then waits until the broker took
     * every one: one wait for them all, not a round trip each (as a service's outbox relay sends a batch).
     */
    public void sendAll(String topic, List<? extends MesoflowEvent> events) {
        List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
        for (MesoflowEvent event : events) {
            sent.add(producer.send(new ProducerRecord<>(topic(topic), event.key(), codec.encode(event))));
        }
        try {
            for (java.util.concurrent.Future<?> f : sent) {
                f.get();
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot produce to " + topic, e);
        }
    }

    public void sendRaw(String topic, String key, String value) {
        try {
            producer.send(new ProducerRecord<>(topic(topic), key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot produce to " + topic, e);
        }
    }

    /** Reads {@code topic} from the start until {@code done} holds for the raw records read so far. */
    public List<String> readUntil(String topic, Predicate<List<String>> done, Duration timeout) {
        List<String> values = new ArrayList<>();
        read(topic, timeout, () -> done.test(values), r -> values.add(r.value()));
        return values;
    }

    /**
     * Reads {@code topic} from the start through every record it held when called, then on until
     * {@code done} holds for what was read (or the time is up): unlike {@link #readUntil}, {@code done}
     * never sees only a prefix of what is there, so "the newest that matches" is the newest.
     */
    public List<String> readCaughtUpUntil(String topic, Predicate<List<String>> done, Duration timeout) {
        List<String> values = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Reader reader = new Reader(newConsumer())) {
            KafkaConsumer<String, String> consumer = reader.consumer();
            List<TopicPartition> partitions = assignFromStart(consumer, topic, deadline);
            if (partitions.isEmpty()) {
                return values;
            }
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
                boolean caughtUp = end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
                if (caughtUp && done.test(values)) {
                    break;
                }
            }
        }
        return values;
    }

    /** A record's broker timestamp (producer create time, ms) and value. */
    public record Timed(long timestamp, String value) {
    }

    /** Every record of {@code topic} that arrives within {@code window}, with timestamps. */
    public List<Timed> readAll(String topic, Duration window) {
        List<Timed> records = new ArrayList<>();
        read(topic, window, () -> false, r -> records.add(new Timed(r.timestamp(), r.value())));
        return records;
    }

    /**
     * Polls {@code topic} from the start, each record to {@code sink}, until {@code done} or the time is
     * up. The partitions are assigned, not subscribed to: no group to join, so reading starts at once,
     * and no rebalance can hand a partition back to be read again from the start (a subscribed reader
     * under load saw records twice).
     */
    private void read(String topic, Duration timeout, BooleanSupplier done,
                      Consumer<ConsumerRecord<String, String>> sink) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Reader reader = new Reader(newConsumer())) {
            KafkaConsumer<String, String> consumer = reader.consumer();
            if (assignFromStart(consumer, topic, deadline).isEmpty()) {
                return;
            }
            while (System.nanoTime() < deadline && !done.getAsBoolean()) {
                consumer.poll(Duration.ofMillis(200)).forEach(sink);
            }
        }
    }

    /**
     * A reader closed without waiting: it commits nothing and joins no group, and a plain close waits
     * for its last fetch, which the broker holds up to {@code fetch.max.wait.ms} (500 ms) when no
     * record comes: half a second after every read.
     */
    private record Reader(KafkaConsumer<String, String> consumer) implements AutoCloseable {
        @Override
        public void close() {
            consumer.close(Duration.ZERO);
        }
    }

    private KafkaConsumer<String, String> newConsumer() {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"), new StringDeserializer(), new StringDeserializer());
    }

    /** Assigns every partition of {@code topic} from its start, once the topic exists (empty if not by the deadline). */
    private List<TopicPartition> assignFromStart(KafkaConsumer<String, String> consumer, String topic, long deadline) {
        List<TopicPartition> partitions = List.of();
        while (partitions.isEmpty() && System.nanoTime() < deadline) {
            partitions = consumer.partitionsFor(topic(topic), Duration.ofNanos(Math.max(1, deadline - System.nanoTime())))
                    .stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            if (partitions.isEmpty()) {
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return List.of();
                }
            }
        }
        if (!partitions.isEmpty()) {
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
        }
        return partitions;
    }

    /** Reads decoded events of {@code type} from {@code topic} until one matches. */
    /**
     * The first job placement on {@code mesoflow.placements} that matches, placed alone
     * ({@code TasksPlaced}) or sharing an ACCEPT with other jobs (inside a {@code TasksPlacedTogether}).
     */
    public io.mesoflow.events.TasksPlaced awaitPlaced(Predicate<io.mesoflow.events.TasksPlaced> match,
                                                      Duration timeout) {
        java.util.function.Function<String, java.util.Optional<io.mesoflow.events.TasksPlaced>> found = v -> {
            try {
                return io.mesoflow.events.TasksPlaced.carriedBy(EventCodec.decode(v)).stream().filter(match).findFirst();
            } catch (RuntimeException e) {
                return java.util.Optional.empty();
            }
        };
        List<String> raw = readUntil(io.mesoflow.events.Topics.PLACEMENTS,
                values -> values.stream().anyMatch(v -> found.apply(v).isPresent()), timeout);
        return raw.stream().map(found).flatMap(java.util.Optional::stream).findFirst()
                .orElseThrow(() -> new AssertionError("no such placement within " + timeout + "; saw " + raw.size()
                        + " records: " + raw));
    }

    public <T extends MesoflowEvent> T await(String topic, Class<T> type, Predicate<T> match, Duration timeout) {
        List<String> raw = readUntil(topic, values -> values.stream().anyMatch(v -> matches(v, type, match)), timeout);
        return raw.stream().filter(v -> matches(v, type, match)).map(v -> type.cast(EventCodec.decode(v)))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " on " + topic
                        + " within " + timeout + "; saw " + raw.size() + " records: " + raw));
    }

    private static <T> boolean matches(String value, Class<T> type, Predicate<T> match) {
        try {
            MesoflowEvent event = EventCodec.decode(value);
            return type.isInstance(event) && match.test(type.cast(event));
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
