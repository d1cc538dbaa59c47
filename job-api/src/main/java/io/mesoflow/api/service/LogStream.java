package io.mesoflow.api.service;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Which of a task's output files the logs endpoint shows: {@code stdout}, {@code stderr}, or
 * {@code both} (the default: TensorFlow writes its progress and tracebacks to stderr).
 */
public enum LogStream {
    STDOUT("stdout", List.of("stdout")),
    STDERR("stderr", List.of("stderr")),
    BOTH("both", List.of("stdout", "stderr"));

    private final String wireName;
    private final List<String> files;

    LogStream(String wireName, List<String> files) {
        this.wireName = wireName;
        this.files = files;
    }

    /** The query parameter's value. */
    public String wireName() {
        return wireName;
    }

    /** The sandbox files shown, in the order shown. */
    public List<String> files() {
        return files;
    }

    /** Whether the output is shown in labelled sections ({@link LogSections}). */
    public boolean labelled() {
        return files.size() > 1;
    }

    /** The stream a query parameter names; empty for anything else (the names are lower case). */
    public static Optional<LogStream> find(String name) {
        return Arrays.stream(values()).filter(s -> s.wireName.equals(name)).findFirst();
    }
}
