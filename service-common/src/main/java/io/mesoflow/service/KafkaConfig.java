package io.mesoflow.service;

import io.smallrye.config.ConfigMapping;
import java.util.Optional;

/** Kafka settings every service shares. */
@ConfigMapping(prefix = "mesoflow.kafka")
public interface KafkaConfig {
    /**
     * Prefix put in front of every MesoFlow topic and consumer group, so several MesoFlow
     * installations (or test classes) can share one broker. Default: none. (No default value may
     * be declared here: channel topics read it as {@code ${mesoflow.kafka.topic-prefix:}}.)
     */
    Optional<String> topicPrefix();

    default String topic(String name) {
        return topicPrefix().orElse("") + name;
    }
}
