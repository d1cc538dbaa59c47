package io.mesoflow.launcher.progress;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * The step training ends at, from the task's effective context: {@code total_steps}, else
 * {@code max_steps}, else {@code train_steps}, else {@code epochs} x {@code steps_per_epoch}; null when
 * none is a positive whole number. And when training should get there at a measured rate.
 */
public final class TotalSteps {
    private TotalSteps() {
    }

    public static Long of(Map<String, Object> context) {
        if (context == null) {
            return null;
        }
        for (String key : new String[] {"total_steps", "max_steps", "train_steps"}) {
            Long value = positive(context.get(key));
            if (value != null) {
                return value;
            }
        }
        Long epochs = positive(context.get("epochs"));
        Long perEpoch = positive(context.get("steps_per_epoch"));
        return epochs == null || perEpoch == null ? null : epochs * perEpoch;
    }

    /**
     * When training reaches {@code total}: now plus the steps left over the rate; {@code now} when it
     * is there already; null when the total or the rate is unknown, or the rate is not positive.
     */
    public static Instant finishEta(Instant now, long step, Long total, Double stepsPerSecond) {
        if (total == null || stepsPerSecond == null || stepsPerSecond <= 0 || stepsPerSecond.isNaN()) {
            return null;
        }
        if (step >= total) {
            return now;
        }
        double seconds = (total - step) / stepsPerSecond;
        return seconds > Duration.ofDays(3650).toSeconds() ? null : now.plusMillis(Math.round(seconds * 1000));
    }

    /** A positive whole number from a context value (a number, or text that is one); else null. */
    static Long positive(Object value) {
        double number;
        if (value instanceof Number n) {
            number = n.doubleValue();
        } else if (value instanceof String s) {
            try {
                number = Double.parseDouble(s.trim());
            } catch (NumberFormatException e) {
                return null;
            }
        } else {
            return null;
        }
        return number >= 1 && number == Math.rint(number) && number < Long.MAX_VALUE ? (long) number : null;
    }
}
