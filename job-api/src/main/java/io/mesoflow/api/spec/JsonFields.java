package io.mesoflow.api.spec;

import com.fasterxml.jackson.databind.JsonNode;
import io.mesoflow.events.ShownText;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/** Reads typed fields of one JSON object, recording an error (with the field's path) for each bad one. */
final class JsonFields {
    private final JsonNode node;
    private final String path;
    private final List<FieldError> errors;

    JsonFields(JsonNode node, String path, List<FieldError> errors) {
        this.node = node;
        this.path = path;
        this.errors = errors;
    }

    List<FieldError> errors() {
        return errors;
    }

    String path(String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    void error(String field, String reason) {
        errors.add(new FieldError(path(field), reason));
    }

    void rejectUnknown(Set<String> known) {
        Iterator<String> names = node.fieldNames();
        List<String> unknown = new ArrayList<>();
        names.forEachRemaining(n -> {
            if (!known.contains(n)) {
                unknown.add(n);
            }
        });
        unknown.forEach(n -> error(ShownText.of(n), "unknown field"));
    }

    boolean has(String field) {
        return node.has(field) && !node.get(field).isNull();
    }

    JsonNode get(String field) {
        return node.get(field);
    }

    String string(String field, boolean required) {
        JsonNode value = typed(field, required, JsonNode::isTextual, "must be a string");
        if (value == null) {
            return null;
        }
        if (required && value.asText().isBlank()) {
            error(field, "must not be blank");
            return null;
        }
        return value.asText();
    }

    Integer integer(String field, int min, int max) {
        JsonNode value = typed(field, false, v -> v.isIntegralNumber() && v.canConvertToInt(),
                "must be a whole number");
        return value != null && inRange(field, value.asInt(), min, max) ? value.asInt() : null;
    }

    Long longValue(String field, long min, long max) {
        JsonNode value = typed(field, false, v -> v.isIntegralNumber() && v.canConvertToLong(),
                "must be a whole number");
        return value != null && inRange(field, value.asLong(), min, max) ? value.asLong() : null;
    }

    Double number(String field, double minExclusive, double max) {
        JsonNode value = typed(field, false, JsonNode::isNumber, "must be a number");
        if (value == null) {
            return null;
        }
        double v = value.asDouble();
        if (!(v > minExclusive) || v > max || Double.isNaN(v)) {
            error(field, "must be greater than " + fmt(minExclusive) + " and at most " + fmt(max));
            return null;
        }
        return v;
    }

    /** A number from 0 to {@code max}, both included. */
    Double nonNegative(String field, double max) {
        JsonNode value = typed(field, false, v -> v.isNumber() && !Double.isNaN(v.asDouble()), "must be a number");
        if (value == null) {
            return null;
        }
        double v = value.asDouble();
        if (v < 0 || v > max) {
            error(field, "must be from 0 to " + fmt(max));
            return null;
        }
        return v;
    }

    Boolean bool(String field) {
        JsonNode value = typed(field, false, JsonNode::isBoolean, "must be true or false");
        return value == null ? null : value.asBoolean();
    }

    JsonNode object(String field, boolean required) {
        return typed(field, required, JsonNode::isObject, "must be a JSON object");
    }

    JsonNode array(String field) {
        return typed(field, false, JsonNode::isArray, "must be a JSON array");
    }

    /**
     * The field's value when it is present and of the right kind; else null with an error: "is
     * required" for a required field that is absent (or null), {@code wrongKind} for a value of another kind.
     */
    private JsonNode typed(String field, boolean required, Predicate<JsonNode> kind, String wrongKind) {
        if (!has(field)) {
            if (required) {
                error(field, "is required");
            }
            return null;
        }
        JsonNode value = node.get(field);
        if (!kind.test(value)) {
            error(field, wrongKind);
            return null;
        }
        return value;
    }

    private boolean inRange(String field, long v, long min, long max) {
        if (v < min || v > max) {
            error(field, "must be between " + min + " and " + max);
            return false;
        }
        return true;
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
}
