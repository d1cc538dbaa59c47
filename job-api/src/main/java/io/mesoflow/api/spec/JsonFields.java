package io.mesoflow.api.spec;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

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
        unknown.forEach(n -> error(SpecLimits.shown(n), "unknown field"));
    }

    boolean has(String field) {
        return node.has(field) && !node.get(field).isNull();
    }

    JsonNode get(String field) {
        return node.get(field);
    }

    String string(String field, boolean required) {
        if (!has(field)) {
            if (required) {
                error(field, "is required");
            }
            return null;
        }
        JsonNode value = node.get(field);
        if (!value.isTextual()) {
            error(field, "must be a string");
            return null;
        }
        if (required && value.asText().isBlank()) {
            error(field, "must not be blank");
            return null;
        }
        return value.asText();
    }

    Integer integer(String field, int min, int max) {
        if (!has(field)) {
            return null;
        }
        JsonNode value = node.get(field);
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            error(field, "must be a whole number");
            return null;
        }
        return inRange(field, value.asInt(), min, max) ? value.asInt() : null;
    }

    Long longValue(String field, long min, long max) {
        if (!has(field)) {
            return null;
        }
        JsonNode value = node.get(field);
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            error(field, "must be a whole number");
            return null;
        }
        long v = value.asLong();
        if (v < min || v > max) {
            error(field, "must be between " + min + " and " + max);
            return null;
        }
        return v;
    }

    Double number(String field, double minExclusive, double max) {
        if (!has(field)) {
            return null;
        }
        JsonNode value = node.get(field);
        if (!value.isNumber()) {
            error(field, "must be a number");
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
        if (!has(field)) {
            return null;
        }
        JsonNode value = node.get(field);
        if (!value.isNumber() || Double.isNaN(value.asDouble())) {
            error(field, "must be a number");
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
        if (!has(field)) {
            return null;
        }
        JsonNode value = node.get(field);
        if (!value.isBoolean()) {
            error(field, "must be true or false");
            return null;
        }
        return value.asBoolean();
    }

    JsonNode object(String field, boolean required) {
        if (!has(field)) {
            if (required) {
                error(field, "is required");
            }
            return null;
        }
        JsonNode value = node.get(field);
        if (!value.isObject()) {
            error(field, "must be a JSON object");
            return null;
        }
        return value;
    }

    JsonNode array(String field) {
        if (!has(field)) {
            return null;
        }
        JsonNode value = node.get(field);
        if (!value.isArray()) {
            error(field, "must be a JSON array");
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
