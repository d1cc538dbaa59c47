package io.mesoflow.api.service;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * One value loaded at most once per {@code freshFor}: callers within that time share it. A value
 * the caller finds unusable (it lacks something the caller knows exists), or a clock that went
 * back, loads it again. Thread-safe; concurrent misses may each load (the last one is kept).
 */
public final class ShortLived<T> {
    private record Loaded<T>(T value, Instant at) {
    }

    private final Duration freshFor;
    private volatile Loaded<T> loaded;

    public ShortLived(Duration freshFor) {
        if (freshFor.isNegative()) {
            throw new IllegalArgumentException("freshFor must not be negative");
        }
        this.freshFor = freshFor;
    }

    /** The kept value when it was loaded less than {@code freshFor} before {@code now} and is usable; else a new one. */
    public T get(Instant now, Predicate<? super T> usable, Supplier<? extends T> load) {
        Loaded<T> kept = loaded;
        if (kept != null && !now.isBefore(kept.at()) && now.isBefore(kept.at().plus(freshFor))
                && usable.test(kept.value())) {
            return kept.value();
        }
        T value = load.get();
        loaded = new Loaded<>(value, now);
        return value;
    }
}
