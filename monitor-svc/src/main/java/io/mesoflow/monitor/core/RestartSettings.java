package io.mesoflow.monitor.core;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/** How relaunches are spaced; {@code random} gives the jitter (tests pass a fixed one). */
public record RestartSettings(Duration initialBackoff, Duration maxBackoff, double jitter, DoubleSupplier random) {
    public static RestartSettings fixed(Duration initial, Duration max) {
        return new RestartSettings(initial, max, 0, () -> 0);
    }
}
