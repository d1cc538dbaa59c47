package io.mesoflow.api.model;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;

/** Times read by native queries: the JDBC driver gives Instant, OffsetDateTime or Timestamp. */
public final class SqlTimes {
    private SqlTimes() {
    }

    /** The column's instant; null for SQL NULL; fails for a value that is no time. */
    public static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        if (value instanceof Timestamp t) {
            return t.toInstant();
        }
        try {
            return Instant.parse(value.toString());
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalStateException("not a time: " + value.getClass().getSimpleName(), e);
        }
    }
}
