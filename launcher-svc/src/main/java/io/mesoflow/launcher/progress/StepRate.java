package io.mesoflow.launcher.progress;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Steps per second from (step, time) readings over a sliding window: the steps between the oldest and
 * the newest reading within {@code window} of the newest, over the seconds between them. A step
 * lower than the last one (a restart from an older checkpoint) starts afresh; a reading no later than
 * the last one is ignored (out of order). Null until two readings at different times.
 */
public final class StepRate {
    private record Reading(long step, Instant at) {
    }

    private final Duration window;
    private final int maxReadings;
    private final Deque<Reading> readings = new ArrayDeque<>();

    public StepRate(Duration window, int maxReadings) {
        this.window = window;
        this.maxReadings = Math.max(2, maxReadings);
    }

    public void add(long step, Instant at) {
        Reading last = readings.peekLast();
        if (last != null && !at.isAfter(last.at())) {
            return;
        }
        if (last != null && step < last.step()) {
            readings.clear();
        }
        readings.addLast(new Reading(step, at));
        Instant oldest = at.minus(window);
        while (readings.size() > 2 && readings.peekFirst().at().isBefore(oldest) || readings.size() > maxReadings) {
            readings.removeFirst();
        }
    }

    /** Steps per second over the window; null until two readings. */
    public Double perSecond() {
        if (readings.size() < 2) {
            return null;
        }
        Reading first = readings.peekFirst();
        Reading last = readings.peekLast();
        double seconds = Duration.between(first.at(), last.at()).toNanos() / 1e9;
        return seconds <= 0 ? null : (last.step() - first.step()) / seconds;
    }
}
