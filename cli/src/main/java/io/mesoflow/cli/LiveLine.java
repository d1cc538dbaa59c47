package io.mesoflow.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What {@code wait} writes as a job moves, given its state part ({@code RUNNING  6 tasks: 6 RUNNING})
 * and its progress part at each poll. On a terminal one line is redrawn in place ({@code \r}, cut
 * to the terminal's width, cleared to its end); a change of state keeps the old line and starts a
 * new one. Elsewhere (a pipe, a log file) a change of state prints a line at once and progress
 * alone prints one at most every {@code every}.
 */
final class LiveLine {
    static final String CLEAR_TO_END = "\u001b[K";

    private final boolean tty;
    private final int width;
    private final Duration every;
    private String head;
    private String shown;
    private Instant printedAt;

    LiveLine(boolean tty, int width, Duration every) {
        this.tty = tty;
        this.width = width;
        this.every = every;
    }

    /** The text to write now ("" when nothing changed or it is too soon). */
    String update(String state, String progress, Instant now) {
        String line = progress == null || progress.isEmpty() ? state : state + "  " + progress;
        boolean newState = !Objects.equals(state, head);
        if (Objects.equals(line, shown)) {
            return "";
        }
        String text;
        if (tty) {
            text = (newState && shown != null ? System.lineSeparator() : "") + "\r" + Output.fit(line, width) + CLEAR_TO_END;
        } else if (newState || Duration.between(printedAt, now).compareTo(every) >= 0) {
            text = line + System.lineSeparator();
        } else {
            return "";
        }
        head = state;
        shown = line;
        printedAt = now;
        return text;
    }

    /** What ends the output: the newline a redrawn line still lacks. */
    String finish() {
        return tty && shown != null ? System.lineSeparator() : "";
    }
}
