package io.mesoflow.service;

import java.time.Duration;

/**
 * Exponential back-off between retries of one operation: the first wait is {@code initial}, each
 * later one doubles up to {@code max}, and {@link #reset()} starts over after a success. Not thread
 * safe: one instance per retry loop.
 */
public final class Backoff {
    private final long initialMs;
    private final long maxMs;
    private long nextMs;

    public Backoff(Duration initial, Duration max) {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("back-off needs 0 < initial <= max, got " + initial + " and " + max);
        }
        this.initialMs = initial.toMillis();
        this.maxMs = max.toMillis();
        this.nextMs = initialMs;
    }

    public static Backoff ofMillis(long initialMs, long maxMs) {
        return new Backoff(Duration.ofMillis(initialMs), Duration.ofMillis(maxMs));
    }

    /**
     * The wait before retry {@code retries} (0: the first) of a fresh back-off, whatever this one has
     * waited: for retries that are scheduled (a due time) rather than slept.
     */
    public Duration delay(int retries) {
        long ms = initialMs;
        for (int i = 0; i < retries && ms < maxMs; i++) {
            ms *= 2;
        }
        return Duration.ofMillis(Math.min(ms, maxMs));
    }

    /** The wait before the next retry, in ms, without waiting. */
    public long peekMs() {
        return nextMs;
    }

    /** Sleeps the current wait and doubles the next; false (with the interrupt flag kept) when interrupted. */
    public boolean pause() {
        long ms = nextMs;
        nextMs = Math.min(nextMs * 2, maxMs);
        try {
            Thread.sleep(ms);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** After a success: the next failure waits {@code initial} again. */
    public void reset() {
        nextMs = initialMs;
    }
}
