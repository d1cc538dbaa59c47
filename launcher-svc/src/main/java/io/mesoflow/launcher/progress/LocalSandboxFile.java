package io.mesoflow.launcher.progress;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * A sandbox file on this host (the local backend's sandboxes): opened without following a symbolic
 * link in its last component, and only when the path reaches it through no link at all (the task's
 * user owns its sandbox and could link another team's file).
 */
public final class LocalSandboxFile implements SandboxFile {
    @Override
    public Optional<Chunk> read(String path, long offset, int length) throws IOException {
        Path file = Path.of(path).toAbsolutePath().normalize();
        if (Files.isSymbolicLink(file)) {
            return Optional.empty();
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            if (!file.toRealPath().equals(file)) {
                return Optional.empty();
            }
            long start = Math.min(Math.max(offset, 0), channel.size());
            ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(length, channel.size() - start));
            while (buffer.hasRemaining() && channel.read(buffer, start + buffer.position()) > 0) {
                // fill
            }
            return Optional.of(new Chunk(new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8),
                    start));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (FileSystemException e) {
            return Optional.empty(); // not this launcher's to read
        } catch (IOException e) {
            if (String.valueOf(e.getMessage()).contains("symbolic link")) {
                return Optional.empty(); // made a link since the check above (ELOOP)
            }
            throw e;
        }
    }
}
