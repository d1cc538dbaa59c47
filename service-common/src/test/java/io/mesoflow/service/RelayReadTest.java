package io.mesoflow.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class RelayReadTest {
    static final List<RelayRead.Row> ROWS = List.of(new RelayRead.Row(3, "t.a", "job-1", "{1}"),
            new RelayRead.Row(7, "t.b", "job-2", "{2}"));

    @Test
    void theLockComesFirstThenTheOldestRecordsInIdOrderInOneQueryString() {
        assertEquals("SELECT pg_try_advisory_xact_lock(42); "
                + "SELECT id, topic, record_key, payload FROM jobapi.outbox ORDER BY id LIMIT 200",
                RelayRead.sql(42, 200, "jobapi"));
        assertEquals("SELECT pg_try_advisory_xact_lock(-7); "
                + "SELECT id, topic, record_key, payload FROM outbox ORDER BY id LIMIT 5", RelayRead.sql(-7, 5, null));
    }

    @Test
    void aLockHeldElsewhereIsBusyAndWhatWasReadIsNotSent() {
        assertEquals(new RelayRead.Batch(true, List.of()), RelayRead.of(false, ROWS));
    }

    @Test
    void theGrantedLockSendsWhatWasReadInItsOrder() {
        assertEquals(new RelayRead.Batch(false, ROWS), RelayRead.of(true, ROWS));
    }

    @Test
    void theGrantedLockWithAnEmptyOutboxHasNothingToSend() {
        assertEquals(new RelayRead.Batch(false, List.of()), RelayRead.of(true, List.of()));
    }
}
