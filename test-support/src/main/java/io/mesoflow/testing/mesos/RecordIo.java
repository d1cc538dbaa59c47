package io.mesoflow.testing.mesos;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * RecordIO, the framing of the Mesos v1 event stream: each record is its length in decimal ASCII,
 * a {@code \n}, then that many bytes. Guarantees: {@link #read} counts bytes and never looks for
 * line ends inside a record (why: protobuf payloads contain {@code \n}, and a real master's
 * records are independent of HTTP chunks). Kept here so test-support needs no launcher code.
 */
public final class RecordIo {
    private static final int MAX_RECORD = 64 * 1024 * 1024;

    private RecordIo() {
    }

    public static byte[] frame(byte[] record) {
        byte[] prefix = (record.length + "\n").getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[prefix.length + record.length];
        System.arraycopy(prefix, 0, out, 0, prefix.length);
        System.arraycopy(record, 0, out, prefix.length, record.length);
        return out;
    }

    /** The next record, or empty at a clean end of stream (between records). */
    public static Optional<byte[]> read(InputStream in) throws IOException {
        long length = 0;
        int digits = 0;
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b == -1) {
                if (digits == 0) {
                    return Optional.empty();
                }
                throw new EOFException("stream ended inside a RecordIO length");
            }
            if (b < '0' || b > '9' || ++digits > 10) {
                throw new IOException("not a RecordIO length: byte " + b);
            }
            length = length * 10 + (b - '0');
        }
        if (digits == 0 || length > MAX_RECORD) {
            throw new IOException("bad RecordIO length " + length);
        }
        byte[] record = in.readNBytes((int) length);
        if (record.length < length) {
            throw new EOFException("stream ended inside a " + length + "-byte record");
        }
        return Optional.of(record);
    }
}
