package io.mesoflow.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RelayCadenceTest {

    static List<Long> waits(RelayCadence cadence, int... published) {
        List<Long> waits = new ArrayList<>();
        for (int p : published) {
            waits.add(cadence.waitAfter(p));
        }
        return waits;
    }

    @Test
    void aFullBatchIsFollowedAtOnceAndAPartialOneWaitsForTheNextWakeUpOrThePoll() {
        assertEquals(List.of(0L, 0L, 500L, 500L), waits(new RelayCadence(200, 500, 5), 200, 200, 3, 0));
    }

    @Test
    void aBusyLockIsRetriedSoonDoublingUpToThePollIntervalNotLeftForThePoll() {
        assertEquals(List.of(5L, 10L, 20L, 40L, 80L, 160L, 320L, 500L, 500L),
                waits(new RelayCadence(200, 500, 5), -1, -1, -1, -1, -1, -1, -1, -1, -1));
    }

    @Test
    void aPassThatGotTheLockStartsTheBusyWaitsOver() {
        assertEquals(List.of(5L, 10L, 500L, 5L), waits(new RelayCadence(200, 500, 5), -1, -1, 1, -1));
    }

    @Test
    void theBusyWaitNeverExceedsThePollInterval() {
        assertEquals(List.of(20L, 20L), waits(new RelayCadence(200, 20, 50), -1, -1));
    }

    @Test
    void withNoIdlePollAPassThatPublishedWhatThereWasWaitsOnlyForTheNextWakeUp() {
        long untilWoken = RelayCadence.UNTIL_WOKEN;
        assertEquals(List.of(0L, untilWoken, untilWoken), waits(new RelayCadence(200, 500, 5, false), 200, 3, 0));
    }

    @Test
    void withNoIdlePollABusyLockIsStillRetriedOnATimerCappedAtThePollInterval() {
        assertEquals(List.of(5L, 10L, 20L, 40L, 80L, 160L, 320L, 500L, RelayCadence.UNTIL_WOKEN),
                waits(new RelayCadence(200, 500, 5, false), -1, -1, -1, -1, -1, -1, -1, -1, 0));
    }
}
