package io.mesoflow.service;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Kafka settings every service shares. */
@ConfigMapping(prefix = "mesoflow.kafka")
public interface KafkaConfig {
    /**
     * Prefix put in front of every MesoFlow topic and consumer group, so several MesoFlow
     * installations (or test classes) can share one broker. Default: none.
     */
    @WithDefault("none")
    String topicPrefix();

    default String topic(String name) {
        return "none".equals(topicPrefix()) ? name : topicPrefix() + name;
    }
}
