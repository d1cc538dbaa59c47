package io.mesoflow.launcher.local;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Reads a file in a task sandbox the way a Mesos agent's {@code /files/read} does: {@code offset}
 * and {@code length} in bytes; {@code offset = -1} answers the file's size with no data. Only
 * files under the sandbox root can be read ({@code ..} that leaves it is refused, and any symbolic
 * link below it: tasks own their sandboxes, so one could link another team's file).
 */
public final class SandboxFiles {
    /** The most one read returns. */
    public static final int MAX_LENGTH = 1 << 20;

    private final Path root;

    public SandboxFiles(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** What {@code /files/read} answers: {@code data} read from {@code offset}. */
    public record Chunk(String data, long offset) {
    }

    /** The chunk, or empty when the path is outside the sandboxes or no such file exists. */
    public Optional<Chunk> read(String path, long offset, long length) throws IOException {
        Path file = Path.of(path).toAbsolutePath().normalize();
        if (!file.startsWith(root)) {
            return Optional.empty();
        }
        Path real;
        try {
            real = file.toRealPath();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        // no link below the root at all: a task's user owns its sandbox and could link another team's file
        if (!real.equals(root.toRealPath().resolve(root.relativize(file))) || !Files.isRegularFile(real)) {
            return Optional.empty();
        }
        try (RandomAccessFile in = new RandomAccessFile(real.toFile(), "r")) {
            long size = in.length();
            if (offset < 0) {
                return Optional.of(new Chunk("", size));
            }
            long start = Math.min(offset, size);
            int n = (int) Math.min(Math.min(length < 0 ? MAX_LENGTH : length, MAX_LENGTH), size - start);
            byte[] bytes = new byte[n];
            in.seek(start);
            in.readFully(bytes);
            return Optional.of(new Chunk(new String(bytes, StandardCharsets.UTF_8), start));
        }
    }
}
