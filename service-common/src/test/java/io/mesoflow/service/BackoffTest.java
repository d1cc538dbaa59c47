package io.mesoflow.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void waitsDoubleUpToTheMaximumAndStartOverAfterReset() {
        Backoff backoff = Backoff.ofMillis(1, 5);
        List<Long> waits = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            waits.add(backoff.peekMs());
            backoff.pause();
        }
        assertEquals(List.of(1L, 2L, 4L, 5L, 5L), waits);
        backoff.reset();
        assertEquals(1L, backoff.peekMs());
    }

    @Test
    void theDelayOfTheNthRetryIsWhatTheNthPauseWouldWait() {
        Backoff backoff = Backoff.ofMillis(200, 1_000);
        assertEquals(List.of(200L, 400L, 800L, 1_000L, 1_000L),
                List.of(0, 1, 2, 3, 40).stream().map(n -> backoff.delay(n).toMillis()).toList());
        assertEquals(200L, backoff.peekMs(), "a scheduled delay waits nothing");
    }

    @Test
    void anInterruptedPauseSaysSoAndKeepsTheFlag() {
        Backoff backoff = Backoff.ofMillis(1_000, 1_000);
        Thread.currentThread().interrupt();
        assertFalse(backoff.pause());
        assertFalse(!Thread.interrupted(), "interrupt flag kept");
    }

    @Test
    void refusesAMaximumBelowTheFirstWait() {
        assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ZERO, Duration.ofSeconds(1)));
    }
}
