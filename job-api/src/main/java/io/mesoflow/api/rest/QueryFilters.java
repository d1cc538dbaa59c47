package io.mesoflow.api.rest;

import io.mesoflow.api.spec.FieldError;
import io.mesoflow.api.spec.SpecValidationException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A listing's query filters, parsed together: each one that does not parse is a {@link FieldError},
 * and {@link #check()} reports them all at once (a 400). An absent filter is null.
 */
final class QueryFilters {
    private final List<FieldError> errors = new ArrayList<>();

    /** The constant of {@code type} named {@code value}. */
    <E extends Enum<E>> E constant(String field, String value, Class<E> type) {
        if (value == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, value);
        } catch (IllegalArgumentException e) {
            reject(field, "must be one of " + Arrays.toString(type.getEnumConstants()));
            return null;
        }
    }

    /** An ISO-8601 instant. */
    Instant instant(String field, String value) {
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            reject(field, "must be an ISO-8601 instant, e.g. 2026-11-24T10:00:00Z");
            return null;
        }
    }

    void reject(String field, String reason) {
        errors.add(new FieldError(field, reason));
    }

    /** Throws the problems found so far, if any. */
    void check() {
        if (!errors.isEmpty()) {
            throw new SpecValidationException(errors);
        }
    }
}
