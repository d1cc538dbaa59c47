package io.mesoflow.launcher.local;

import io.mesoflow.launcher.task.OutputTail;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The last lines of a local task's {@code stderr}, for its failure's status message. The sandbox is
 * the task user's and the launcher may be root: like {@link TaskProcess#recordedExit}, only a
 * regular file is read, never through a symbolic link (nor one with other hard links, which could
 * name another user's file), and only its last {@link OutputTail#MAX_BYTES} bytes.
 */
final class StderrTail {
    private StderrTail() {
    }

    /** The tail of {@code <sandbox>/stderr}; empty when there is none or it cannot be read safely. */
    static String of(Path sandbox) {
        Path file = sandbox.resolve("stderr");
        try {
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
                    || ((Number) Files.getAttribute(file, "unix:nlink", LinkOption.NOFOLLOW_LINKS)).intValue() != 1) {
                return "";
            }
            try (SeekableByteChannel in = Files.newByteChannel(file, StandardOpenOption.READ,
                    LinkOption.NOFOLLOW_LINKS)) {
                long size = in.size();
                long start = Math.max(0, size - OutputTail.MAX_BYTES);
                ByteBuffer bytes = ByteBuffer.allocate((int) (size - start));
                in.position(start);
                while (bytes.hasRemaining() && in.read(bytes) > 0) {
                    // read to the end of the tail
                }
                byte[] read = new byte[bytes.position()];
                bytes.flip().get(read);
                return OutputTail.lastLines(read, start == 0);
            }
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException unreadable) {
            return "";
        }
    }
}
