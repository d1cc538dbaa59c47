package io.mesoflow.events;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.serialization.Deserializer;

/** Kafka deserializer for outside Java consumers; throws {@link EventDecodingException} on bad records. */
public class EventDeserializer implements Deserializer<MesoflowEvent> {
    @Override
    public MesoflowEvent deserialize(String topic, byte[] data) {
        return data == null ? null : EventCodec.decode(new String(data, StandardCharsets.UTF_8));
    }
}
