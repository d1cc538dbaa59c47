package io.mesoflow.launcher.task;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The last lines of a task's output, for the status of a task that failed: TensorFlow writes
 * everything, tracebacks included, to stderr, and "exited with code 1" alone says nothing. Pure and
 * bounded: at most {@link #MAX_BYTES} of the file's end are read and at most {@link #MAX_LINES}
 * lines kept, control characters other than tab dropped (the text ends up in a job's reason).
 */
public final class OutputTail {
    /** The most bytes of a file's end that are read. */
    public static final int MAX_BYTES = 2048;
    /** The most lines kept. */
    public static final int MAX_LINES = 10;

    private OutputTail() {
    }

    /**
     * The last non-blank lines of {@code bytes}, the end of a file; {@code fromStart} says whether they
     * begin at the file's start (otherwise the first, cut line is dropped). Empty when nothing is left.
     */
    public static String lastLines(byte[] bytes, boolean fromStart) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        List<String> lines = new ArrayList<>(List.of(text.split("\r?\n|\r", -1)));
        if (!fromStart && !lines.isEmpty()) {
            lines.remove(0);
        }
        List<String> kept = lines.stream().map(OutputTail::printable).filter(l -> !l.isBlank()).toList();
        return String.join("\n", kept.subList(Math.max(0, kept.size() - MAX_LINES), kept.size()));
    }

    /** {@code message}, then ": " and the tail when there is one ("exited with code 1: Traceback ..."). */
    public static String appended(String message, String tail) {
        return tail == null || tail.isBlank() ? message : message + ": " + tail;
    }

    private static String printable(String line) {
        StringBuilder out = new StringBuilder(line.length());
        line.codePoints().filter(c -> c == '\t' || !Character.isISOControl(c)).forEach(out::appendCodePoint);
        return out.toString().stripTrailing();
    }
}
