package io.mesoflow.events;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka serializer for outside Java producers: writes an event as a CloudEvent.
 * Config {@code mesoflow.event.source} names the producer (default {@code external}).
 */
public class EventSerializer implements Serializer<MesoflowEvent> {
    private EventCodec codec = new EventCodec("external");

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        Object source = configs.get("mesoflow.event.source");
        if (source != null) {
            codec = new EventCodec(source.toString());
        }
    }

    @Override
    public byte[] serialize(String topic, MesoflowEvent event) {
        return event == null ? null : codec.encode(event).getBytes(StandardCharsets.UTF_8);
    }
}
