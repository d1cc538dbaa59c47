package io.mesoflow.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Clock;
import java.util.UUID;

/**
 * Encodes events into CloudEvents JSON and decodes them back. Thread-safe.
 * Decoding ignores fields it does not know (a newer producer may add some) and rejects
 * records that are not JSON, not CloudEvents, of an unknown type or missing required fields.
 */
public final class EventCodec {
    private static final ObjectMapper MAPPER = newMapper();

    private final String source;
    private final Clock clock;

    public EventCodec(String source) {
        this(source, Clock.systemUTC());
    }

    public EventCodec(String source, Clock clock) {
        this.source = source;
        this.clock = clock;
    }

    /** The JSON mapper events use: ISO-8601 times, unknown properties ignored. */
    public static ObjectMapper newMapper() {
        return new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE);
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** JSON of a value the services store (specs, offers, placements); any failure is a bug. */
    public static String json(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** Reads a value a service stored with {@link #json(Object)}; any failure is a bug. */
    public static <T> T fromJson(String json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot read stored " + type.getSimpleName(), e);
        }
    }

    public EventEnvelope wrap(MesoflowEvent event) {
        return new EventEnvelope(EventEnvelope.SPEC_VERSION, UUID.randomUUID().toString(), source,
                event.eventType(), event.key(), clock.instant(), EventEnvelope.CONTENT_TYPE,
                MAPPER.valueToTree(event));
    }

    public String encode(MesoflowEvent event) {
        return toJson(wrap(event));
    }

    public static String toJson(EventEnvelope envelope) {
        try {
            return MAPPER.writeValueAsString(envelope);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + envelope.type(), e);
        }
    }

    /** Reads the envelope of a record without decoding its data. */
    public static EventEnvelope envelopeOf(String json) {
        JsonNode tree;
        try {
            tree = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new EventDecodingException("record is not JSON: " + e.getOriginalMessage(), e);
        }
        if (tree == null || !tree.isObject()) {
            throw new EventDecodingException("record is not a JSON object");
        }
        for (String field : new String[] {"specversion", "id", "source", "type", "data"}) {
            if (!tree.hasNonNull(field)) {
                throw new EventDecodingException("record is not a CloudEvent: missing '" + field + "'");
            }
        }
        try {
            return MAPPER.treeToValue(tree, EventEnvelope.class);
        } catch (JsonProcessingException e) {
            throw new EventDecodingException("bad CloudEvent attributes: " + e.getOriginalMessage(), e);
        }
    }

    /** Decodes a record into its event. */
    public static MesoflowEvent decode(String json) {
        return decode(envelopeOf(json));
    }

    public static MesoflowEvent decode(EventEnvelope envelope) {
        Class<? extends MesoflowEvent> type = EventTypes.classOf(envelope.type());
        if (type == null) {
            throw new EventDecodingException("unknown event type '" + envelope.type() + "'");
        }
        try {
            return MAPPER.treeToValue(envelope.data(), type);
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new EventDecodingException("invalid " + envelope.type() + ": " + describe(cause), e);
        } catch (JsonProcessingException e) {
            throw new EventDecodingException("invalid " + envelope.type() + ": " + e.getOriginalMessage(), e);
        }
    }

    private static String describe(Throwable cause) {
        if (cause instanceof NullPointerException) {
            return "missing required field '" + cause.getMessage() + "'";
        }
        return cause.getMessage();
    }
}
