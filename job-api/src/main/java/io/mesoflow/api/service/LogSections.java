package io.mesoflow.api.service;

/**
 * Joins the output of a task's files into one text. With one file the text is that file's bytes,
 * unchanged. With several ({@code stream=both}) it is in sections, each opened by a header line
 * naming its file, as {@code tail} prints several files:
 * <pre>
 * ==> stdout &lt;==
 * ...
 * ==> stderr &lt;==
 * Traceback (most recent call last):
 * ...
 * </pre>
 * A header is written whenever the output switches files (so a followed log gets a new header each
 * time the other file grows), always on a line of its own. Not thread-safe: one per response.
 */
public final class LogSections {
    private final boolean labelled;
    private String current;
    private boolean atLineStart = true;

    private LogSections(boolean labelled) {
        this.labelled = labelled;
    }

    /** For the files of {@code stream}: labelled when it shows more than one. */
    public static LogSections of(LogStream stream) {
        return new LogSections(stream.labelled());
    }

    /** The header line that opens a section of {@code file}. */
    public static String header(String file) {
        return "==> " + file + " <==\n";
    }

    /**
     * The text to write for {@code data} read from {@code file}: a header first when labelled and
     * the previous text came from another file (or none did yet), even for empty data, so a
     * section shows that its file is empty.
     */
    public String append(String file, String data) {
        StringBuilder text = new StringBuilder();
        if (labelled && !file.equals(current)) {
            if (!atLineStart) {
                text.append('\n');
            }
            text.append(header(file));
            atLineStart = true;
        }
        current = file;
        if (!data.isEmpty()) {
            text.append(data);
            atLineStart = data.endsWith("\n");
        }
        return text.toString();
    }
}
