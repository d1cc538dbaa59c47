package io.mesoflow.launcher.progress;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32C;

/**
 * Reads TFRecord files (TensorBoard event files) incrementally: each record is a little-endian
 * uint64 length, the masked CRC32C of those 8 bytes, the data, and the masked CRC32C of the data.
 * It keeps a byte offset per file, so each read returns only records written since the last one. A
 * partial trailing record (TensorFlow is still writing it) is left for the next read. A record whose
 * data fails its CRC is counted and skipped; a length that fails its CRC leaves no safe way to find
 * the next record, so the rest of that file is abandoned (counted, never read again). A record larger
 * than one read's budget is skipped unread (graph definitions; scalars are tens of bytes). Opens no
 * symbolic link. Not thread-safe: one reader per job, used by one thread.
 */
public final class TfRecordReader {
    static final int HEADER = 12;
    static final int FOOTER = 4;
    private static final int MASK_DELTA = 0xa282ead8;

    /** What one read of one file found. */
    public record Batch(List<byte[]> records, long bytesRead, int corrupt, int skippedLarge) {
        static final Batch EMPTY = new Batch(List.of(), 0, 0, 0);
    }

    private final Map<Path, Long> offsets = new HashMap<>();
    private final Set<Path> abandoned = new HashSet<>();

    /** The offset the next read of {@code file} starts at (0 for a file never read). */
    public long offset(Path file) {
        return offsets.getOrDefault(file, 0L);
    }

    /** Whether a length CRC mismatch made this reader give up on {@code file}. */
    public boolean abandoned(Path file) {
        return abandoned.contains(file);
    }

    /** The complete records after this file's offset, reading at most {@code maxBytes}. */
    public Batch read(Path file, long maxBytes) throws IOException {
        if (abandoned.contains(file) || maxBytes < HEADER + FOOTER) {
            return Batch.EMPTY;
        }
        long start = offset(file);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            long size = channel.size();
            if (size < start) {
                start = 0; // the file was replaced by a shorter one: read it afresh
            }
            int want = (int) Math.min(maxBytes, size - start);
            ByteBuffer buffer = ByteBuffer.allocate(want).order(ByteOrder.LITTLE_ENDIAN);
            while (buffer.hasRemaining() && channel.read(buffer, start + buffer.position()) > 0) {
                // fill
            }
            buffer.flip();
            Parsed parsed = parse(buffer, size - start);
            if (parsed.lengthCorrupt) {
                abandoned.add(file);
            }
            offsets.put(file, start + parsed.consumed);
            return new Batch(parsed.records, buffer.limit(), parsed.corrupt, parsed.skippedLarge);
        }
    }

    /** Forgets a file (it is gone). */
    public void forget(Path file) {
        offsets.remove(file);
        abandoned.remove(file);
    }

    private record Parsed(List<byte[]> records, long consumed, int corrupt, int skippedLarge, boolean lengthCorrupt) {
    }

    /**
     * Parses the records that {@code buffer} (read from the offset) holds whole; {@code available} is
     * how many bytes the file has from the offset (a record too large for the buffer is skipped when
     * the file holds all of it).
     */
    private static Parsed parse(ByteBuffer buffer, long available) {
        List<byte[]> records = new ArrayList<>();
        long consumed = 0;
        int corrupt = 0;
        int large = 0;
        while (buffer.remaining() >= HEADER) {
            int at = buffer.position();
            long length = buffer.getLong(at);
            int lengthCrc = buffer.getInt(at + 8);
            if (lengthCrc != maskedCrc(buffer.array(), at, 8)) {
                return new Parsed(records, available, corrupt + 1, large, true);
            }
            long total = HEADER + length + FOOTER;
            if (length < 0 || total > buffer.remaining()) {
                if (consumed == 0 && total > buffer.capacity() && total <= available) {
                    large++;
                    consumed += total;
                }
                break; // the rest of it is not written yet, or it is larger than one read
            }
            int dataCrc = buffer.getInt(at + HEADER + (int) length);
            if (dataCrc == maskedCrc(buffer.array(), at + HEADER, (int) length)) {
                byte[] data = new byte[(int) length];
                System.arraycopy(buffer.array(), at + HEADER, data, 0, (int) length);
                records.add(data);
            } else {
                corrupt++;
            }
            buffer.position(at + (int) total);
            consumed += total;
        }
        return new Parsed(records, consumed, corrupt, large, false);
    }

    /** TFRecord's masked CRC32C of {@code length} bytes of {@code bytes} from {@code from}. */
    public static int maskedCrc(byte[] bytes, int from, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, from, length);
        int value = (int) crc.getValue();
        return ((value >>> 15) | (value << 17)) + MASK_DELTA;
    }
}
