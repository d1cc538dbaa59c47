package io.mesoflow.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/** When something happens (an ETA) or happened (a checkpoint), relative to now and on the clock. */
final class EtaText {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private EtaText() {
    }

    /** {@code in 4m12s}, {@code now} (within a second), or {@code 4m12s ago}. */
    static String relative(Instant at, Instant now) {
        long seconds = Duration.between(now, at).toMillis() / 1000;
        if (seconds == 0) {
            return "now";
        }
        return seconds > 0 ? "in " + Durations.compact(seconds) : Durations.compact(seconds) + " ago";
    }

    /** The wall-clock time in {@code zone}: {@code 10:42} today, {@code 2026-03-05 10:42} another day. */
    static String absolute(Instant at, Instant now, ZoneId zone) {
        ZonedDateTime local = at.atZone(zone);
        return local.toLocalDate().equals(now.atZone(zone).toLocalDate()) ? TIME.format(local) : DATE_TIME.format(local);
    }

    /** Both: {@code in 4m12s (10:42)}. */
    static String eta(Instant at, Instant now, ZoneId zone) {
        return relative(at, now) + " (" + absolute(at, now, zone) + ")";
    }

    /** How long ago: {@code 2m10s ago}; a time ahead of this clock (skew) reads {@code just now}. */
    static String age(Instant at, Instant now) {
        return at.isAfter(now) ? "just now" : relative(at, now).equals("now") ? "just now" : relative(at, now);
    }
}
