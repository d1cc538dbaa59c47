package io.mesoflow.api.limits;

/**
 * A token bucket of {@code burst} tokens refilled at {@code ratePerSecond}; each take needs a whole
 * token. Kept in exact integer time as the "generic cell rate algorithm" does: instead of a token
 * count it keeps the time at which the bucket would be full again ({@code fullAt}), every take moves
 * it one interval ({@code 1 / rate}) later, and a take is allowed while {@code fullAt} is at most
 * {@code burst - 1} intervals ahead of now. Times are nanoseconds from any fixed origin (a clock's
 * reading), so the bucket is pure and tests drive it with their own clock. Not thread-safe.
 */
public final class TokenBucket {
    private final double ratePerSecond;
    private final int burst;
    private final long interval;
    private final long tolerance;
    private long fullAt;

    /** A full bucket at {@code now}. */
    public TokenBucket(double ratePerSecond, int burst, long now) {
        if (!(ratePerSecond > 0) || burst < 1) {
            throw new IllegalArgumentException("a token bucket needs a rate > 0 and a burst >= 1");
        }
        this.ratePerSecond = ratePerSecond;
        this.burst = burst;
        this.interval = Math.max(1, Math.round(1e9 / ratePerSecond));
        this.tolerance = saturatedMultiply(interval, burst - 1L);
        this.fullAt = now;
    }

    /**
     * Takes a token at {@code now}: 0 when it could, else how many nanoseconds until one is there
     * (nothing is taken then).
     */
    public long tryTake(long now) {
        long from = Math.max(fullAt, now);
        long ahead = from - now;
        if (ahead > tolerance) {
            return ahead - tolerance;
        }
        fullAt = from + interval;
        return 0;
    }

    /** Whether the bucket is full at {@code now} (then it is the same as a new one and may be dropped). */
    public boolean isFull(long now) {
        return fullAt <= now;
    }

    public double ratePerSecond() {
        return ratePerSecond;
    }

    public int burst() {
        return burst;
    }

    private static long saturatedMultiply(long a, long b) {
        long high = Math.multiplyHigh(a, b);
        long low = a * b;
        return (high == 0 && low >= 0) ? low : Long.MAX_VALUE;
    }
}
