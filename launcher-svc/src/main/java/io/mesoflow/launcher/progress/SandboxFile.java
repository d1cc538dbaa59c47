package io.mesoflow.launcher.progress;

import java.io.IOException;
import java.util.Optional;

/**
 * Reads part of a file in a task's sandbox the way a Mesos agent's {@code /files/read} answers:
 * text from {@code offset}, at most {@code length} bytes; empty when there is no such file (yet).
 */
public interface SandboxFile {
    /** The data read and the offset it starts at. */
    record Chunk(String data, long offset) {
    }

    Optional<Chunk> read(String path, long offset, int length) throws IOException;
}
