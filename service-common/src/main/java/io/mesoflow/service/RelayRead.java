package io.mesoflow.service;

import java.util.ArrayList;
import java.util.List;

/**
 * A relay pass's one round trip to the database: it takes the relay lock and reads the oldest records in
 * the same statement ({@link #SQL}), so a record committed a moment ago costs one round trip before it
 * is sent, not two. The statement answers one row {@code (false, null...)} when another instance holds
 * the lock, one row {@code (true, null...)} when the outbox is empty, else one row per record in id
 * order. Pure: turns those rows into what the pass does.
 */
final class RelayRead {
    /**
     * {@code ?1} the lock key, {@code ?2} the batch size. The lock is taken once: a CTE that calls a
     * volatile function is never inlined, so it runs exactly once, before the records are read, and
     * the records are read only when it was granted.
     */
    static final String SQL = "WITH relay_lock AS (SELECT pg_try_advisory_xact_lock(?1) AS held) "
            + "SELECT l.held, o.id, o.topic, o.record_key, o.payload FROM relay_lock l LEFT JOIN LATERAL "
            + "(SELECT id, topic, record_key, payload FROM outbox WHERE l.held ORDER BY id LIMIT ?2) o ON true "
            + "ORDER BY o.id";

    /** A record to publish. */
    record Row(long id, String topic, String key, String payload) {
    }

    /** What the statement said: the lock was busy, or the records to publish (none: the outbox is empty). */
    record Batch(boolean lockBusy, List<Row> rows) {
    }

    private RelayRead() {
    }

    /** The statement's rows ({@code held, id, topic, record_key, payload}) as a batch. */
    static Batch of(List<Object[]> result) {
        if (result.isEmpty() || !Boolean.TRUE.equals(result.get(0)[0])) {
            return new Batch(true, List.of());
        }
        List<Row> rows = new ArrayList<>(result.size());
        for (Object[] r : result) {
            if (r[1] != null) {
                rows.add(new Row(((Number) r[1]).longValue(), (String) r[2], (String) r[3], (String) r[4]));
            }
        }
        return new Batch(false, rows);
    }
}
