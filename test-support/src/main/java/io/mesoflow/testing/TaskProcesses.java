package io.mesoflow.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Finds a local-backend task's processes by their working directory (the task's sandbox), via /proc. */
public final class TaskProcesses {
    private TaskProcesses() {
    }

    /** Processes whose working directory is under {@code dir}. */
    public static List<Long> runningIn(Path dir) {
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.filter(p -> p.getFileName().toString().matches("\\d+"))
                    .filter(p -> {
                        try {
                            return Files.readSymbolicLink(p.resolve("cwd")).startsWith(dir);
                        } catch (IOException | UnsupportedOperationException e) {
                            return false;
                        }
                    })
                    .map(p -> Long.parseLong(p.getFileName().toString()))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The Python interpreter running in {@code sandbox} (not the shell that started it), if any. */
    public static Optional<Long> pythonIn(Path sandbox) {
        for (long pid : runningIn(sandbox)) {
            try {
                String program = Files.readString(Path.of("/proc", String.valueOf(pid), "cmdline")).split("\0")[0];
                if (Path.of(program).getFileName().toString().startsWith("python")) {
                    return Optional.of(pid);
                }
            } catch (IOException | RuntimeException gone) {
                // the process ended while we looked
            }
        }
        return Optional.empty();
    }
}
