package io.mesoflow.launcher.leader;

import java.time.Duration;

/**
 * What this launcher knows about its own lease, by its own monotonic clock. A renewal sent at
 * {@code t} and confirmed by the database holds until {@code t + lease}: the database set the
 * expiry to (its now) + lease, and its now is no earlier than {@code t}. So whenever
 * {@link #validAt} says yes, no other launcher can have taken over yet: a launcher paused past
 * that point finds its lease invalid on waking and acts no more.
 */
public final class Lease {
    private final Duration length;
    private long epoch;
    private long validUntilNanos;
    private boolean held;

    public Lease(Duration length) {
        this.length = length;
    }

    /** The database granted (or renewed) the lease with this epoch for a request sent at {@code sentAtNanos}. */
    public synchronized void granted(long epoch, long sentAtNanos) {
        this.epoch = epoch;
        this.validUntilNanos = sentAtNanos + length.toNanos();
        this.held = true;
    }

    /** The lease is gone (renewal refused, released, or expired). */
    public synchronized void lost() {
        held = false;
    }

    public synchronized boolean validAt(long nowNanos) {
        return held && nowNanos - validUntilNanos < 0;
    }

    /** Whether this launcher believes it leads (it may have expired: see {@link #validAt}). */
    public synchronized boolean held() {
        return held;
    }

    /** The fencing token: the epoch of the last grant. */
    public synchronized long epoch() {
        return epoch;
    }

    public Duration length() {
        return length;
    }
}
