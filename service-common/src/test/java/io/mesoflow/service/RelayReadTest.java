package io.mesoflow.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RelayReadTest {

    static List<Object[]> rows(Object[]... rows) {
        return new ArrayList<>(List.of(rows));
    }

    @Test
    void aLockHeldElsewhereIsBusyAndReadsNothing() {
        assertEquals(new RelayRead.Batch(true, List.of()),
                RelayRead.of(rows(new Object[] {false, null, null, null, null})));
    }

    @Test
    void theLockWithAnEmptyOutboxIsNotBusyAndHasNothingToSend() {
        assertEquals(new RelayRead.Batch(false, List.of()),
                RelayRead.of(rows(new Object[] {true, null, null, null, null})));
    }

    @Test
    void theRecordsComeInTheStatementsOrderWithTheirIds() {
        assertEquals(new RelayRead.Batch(false, List.of(new RelayRead.Row(3, "t.a", "job-1", "{1}"),
                        new RelayRead.Row(7, "t.b", "job-2", "{2}"))),
                RelayRead.of(rows(new Object[] {true, 3L, "t.a", "job-1", "{1}"},
                        new Object[] {true, 7, "t.b", "job-2", "{2}"})));
    }

    @Test
    void noRowAtAllIsTakenAsBusyNeverAsAnEmptyOutbox() {
        assertEquals(new RelayRead.Batch(true, List.of()), RelayRead.of(rows()));
    }
}
