package io.mesoflow.api.limits;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * One {@link TokenBucket} per team. A team's limit comes from {@code limitOf} (null: no limit); a
 * team whose limit changes gets a new, full bucket. Full buckets are dropped when there are many,
 * so the map stays small whatever team names come in. Thread-safe.
 */
public final class TeamRateLimiter {
    static final int PRUNE_ABOVE = 10_000;

    /** A team's limit: sustained submissions per second and the burst. */
    public record Limit(double perSecond, int burst) {
    }

    private final Function<String, Limit> limitOf;
    private final LongSupplier nanoClock;
    private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();

    /** @param nanoClock a monotonic clock in nanoseconds, e.g. {@code System::nanoTime} */
    public TeamRateLimiter(Function<String, Limit> limitOf, LongSupplier nanoClock) {
        this.limitOf = limitOf;
        this.nanoClock = nanoClock;
    }

    /** Takes one submission of {@code team}: 0 when allowed, else the whole seconds (at least 1) to wait. */
    public long acquire(String team) {
        Limit limit = limitOf.apply(team);
        if (limit == null || !(limit.perSecond() > 0)) {
            return 0;
        }
        long now = nanoClock.getAsLong();
        if (buckets.size() > PRUNE_ABOVE) {
            buckets.entrySet().removeIf(e -> {
                synchronized (e.getValue()) {
                    return e.getValue().isFull(now);
                }
            });
        }
        TokenBucket bucket = buckets.compute(team, (t, old) -> old != null && old.ratePerSecond() == limit.perSecond()
                && old.burst() == Math.max(1, limit.burst()) ? old
                : new TokenBucket(limit.perSecond(), Math.max(1, limit.burst()), now));
        long waitNanos;
        synchronized (bucket) {
            waitNanos = bucket.tryTake(now);
        }
        return waitNanos == 0 ? 0 : Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
    }

    int size() {
        return buckets.size();
    }
}
