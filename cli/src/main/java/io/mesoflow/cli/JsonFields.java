package io.mesoflow.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Lenient reads of optional API fields: a missing field, a JSON null and a value of the wrong type
 * are all "unknown" (null), so an older or newer server never crashes a command.
 */
final class JsonFields {
    private JsonFields() {
    }

    /** The object at {@code field}, or null when it is missing, null or not an object. */
    static JsonNode object(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.isObject() ? value : null;
    }

    /** The field as text, control characters escaped ({@link TerminalText}): it may be printed. */
    static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.isValueNode() && !value.isNull() && !value.asText().isEmpty()
                ? TerminalText.clean(value.asText()) : null;
    }

    static Long whole(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.isNumber() ? value.asLong() : null;
    }

    static Double number(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.isNumber() ? value.asDouble() : null;
    }

    static Instant instant(JsonNode node, String field) {
        String value = text(node, field);
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            try {
                return java.time.OffsetDateTime.parse(value).toInstant();
            } catch (DateTimeParseException unreadable) {
                return null;
            }
        }
    }
}
