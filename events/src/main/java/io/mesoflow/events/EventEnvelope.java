package io.mesoflow.events;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * A CloudEvent 1.0 in structured JSON mode: the form every MesoFlow record has on Kafka.
 * {@code subject} is the job id (the agent id for offers, the team for quotas).
 */
public record EventEnvelope(String specversion, String id, String source, String type, String subject,
                            Instant time, String datacontenttype, JsonNode data) {
    public static final String SPEC_VERSION = "1.0";
    public static final String CONTENT_TYPE = "application/json";
}
