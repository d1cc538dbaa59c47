package io.mesoflow.service;

import java.util.List;

/**
 * A relay pass's one round trip to the database before it sends: two statements in one query string
 * ({@link #sql}), which the PostgreSQL driver sends together, the first taking the relay lock, the second
 * reading the oldest records. Each statement has its own snapshot (READ COMMITTED), so the read sees
 * every record the last lock holder deleted, exactly as when the two were sent one after the other; it
 * runs whether or not the lock was granted and is used only when it was. Pure.
 */
final class RelayRead {
    /** A record to publish. */
    record Row(long id, String topic, String key, String payload) {
    }

    /** What the statements said: the lock was busy, or the records to publish (none: the outbox is empty). */
    record Batch(boolean lockBusy, List<Row> rows) {
    }

    private RelayRead() {
    }

    /**
     * The two statements: the lock ({@code lockKey}), then at most {@code batchSize} records of the
     * {@code outbox} table (qualified by {@code schema} when there is one) in id order.
     */
    static String sql(long lockKey, int batchSize, String schema) {
        return "SELECT pg_try_advisory_xact_lock(" + lockKey + "); "
                + "SELECT id, topic, record_key, payload FROM " + (schema == null || schema.isBlank() ? "" : schema + ".")
                + "outbox ORDER BY id LIMIT " + batchSize;
    }

    /** What a pass does with the answers: nothing but retry soon when the lock was not granted. */
    static Batch of(boolean lockGranted, List<Row> rows) {
        return lockGranted ? new Batch(false, List.copyOf(rows)) : new Batch(true, List.of());
    }
}
