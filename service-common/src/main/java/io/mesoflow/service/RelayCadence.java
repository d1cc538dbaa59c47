package io.mesoflow.service;

/**
 * When the outbox relay runs its next pass, from how the last one went: at once after a full batch
 * (more wait), on the next commit's wake-up (or after the poll interval at the latest) when it
 * published what there was, and soon when another instance held the relay lock: its pass may have
 * read its batch before this instance's records committed, so this one retries after a short wait
 * that doubles up to the poll interval while the lock stays busy, rather than leaving them for the
 * poll. With no idle poll, a pass that published what there was waits for the next wake-up only
 * ({@link #UNTIL_WOKEN}). Pure; one per relay thread.
 */
final class RelayCadence {
    /** What a pass returns when another instance held the relay lock. */
    static final int LOCK_BUSY = -1;
    /** A wait with no time limit: until the next commit wakes the relay. */
    static final long UNTIL_WOKEN = Long.MAX_VALUE;

    private final int batchSize;
    private final long pollMs;
    private final long firstBusyWaitMs;
    private final long idleWaitMs;
    private long busyWaitMs;

    RelayCadence(int batchSize, long pollMs, long firstBusyWaitMs) {
        this(batchSize, pollMs, firstBusyWaitMs, true);
    }

    /** pollWhenIdle false: after a pass that published what there was, wait {@link #UNTIL_WOKEN}. */
    RelayCadence(int batchSize, long pollMs, long firstBusyWaitMs, boolean pollWhenIdle) {
        this.batchSize = batchSize;
        this.pollMs = pollMs;
        this.idleWaitMs = pollWhenIdle ? pollMs : UNTIL_WOKEN;
        this.firstBusyWaitMs = Math.min(firstBusyWaitMs, pollMs);
        this.busyWaitMs = this.firstBusyWaitMs;
    }

    /** How long to wait for a wake-up before the next pass (0: run it at once), given what the last published. */
    long waitAfter(int published) {
        if (published == LOCK_BUSY) {
            long wait = busyWaitMs;
            busyWaitMs = Math.min(busyWaitMs * 2, pollMs);
            return wait;
        }
        busyWaitMs = firstBusyWaitMs;
        return published >= batchSize ? 0 : idleWaitMs;
    }
}
