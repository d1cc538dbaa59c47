package io.mesoflow.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * One Kafka hop as the services make it: produce with {@code acks=all}, consume on another client
 * already polling. Times each record from send to receipt, one at a time.
 */
final class KafkaRoundTrip {
    private KafkaRoundTrip() {
    }

    static List<Long> measure(String bootstrap, int records) throws Exception {
        String topic = "bench.floor.round-trip";
        TopicPartition partition = new TopicPartition(topic, 0);
        List<Long> times = new ArrayList<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new StringSerializer());
             KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                     ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                     ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest"), new StringDeserializer(),
                     new StringDeserializer())) {
            producer.send(new ProducerRecord<>(topic, 0, "k", "create")).get(); // the topic exists from here
            consumer.assign(List.of(partition));
            consumer.seekToEnd(List.of(partition));
            consumer.position(partition);
            for (int i = 0; i < records + 5; i++) {
                long start = System.nanoTime();
                producer.send(new ProducerRecord<>(topic, 0, "k", "r" + i));
                boolean received = false;
                while (!received) {
                    ConsumerRecords<String, String> polled = consumer.poll(Duration.ofMillis(500));
                    received = !polled.isEmpty();
                }
                if (i >= 5) { // warm-up records first
                    times.add((System.nanoTime() - start) / 1_000_000);
                }
            }
        }
        return times;
    }
}
