package io.mesoflow.launcher.task;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * The preemption notice a task finds in its sandbox before its SIGTERM ({@code docs/suspend-and-preemption.md}):
 * the file {@code $MESOFLOW_PREEMPTION_NOTICE}, JSON {@code {"reason": ..., "gracePeriodSeconds": N,
 * "deadline": "<ISO-8601 UTC>"}}. Pure.
 *
 * @param reason             why the task is stopped (the kill's {@code preemptionNotice})
 * @param gracePeriodSeconds SIGTERM to SIGKILL
 * @param deadline           when the SIGKILL comes
 */
public record PreemptionNotice(String reason, long gracePeriodSeconds, Instant deadline) {
    /** The notice file's name in the sandbox. */
    public static final String FILE = ".mesoflow-preemption-notice";
    /** The variable naming the notice file (absolute path). */
    public static final String VARIABLE = "MESOFLOW_PREEMPTION_NOTICE";

    /** A notice sent at {@code now}: the deadline is {@code gracePeriodSeconds} later (whole seconds). */
    public static PreemptionNotice at(Instant now, String reason, long gracePeriodSeconds) {
        return new PreemptionNotice(reason, gracePeriodSeconds,
                now.truncatedTo(ChronoUnit.SECONDS).plusSeconds(gracePeriodSeconds));
    }

    public String json() {
        return "{\"reason\": " + quoted(reason) + ", \"gracePeriodSeconds\": " + gracePeriodSeconds
                + ", \"deadline\": \"" + DateTimeFormatter.ISO_INSTANT.format(deadline) + "\"}\n";
    }

    static String quoted(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
