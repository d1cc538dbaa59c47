package io.mesoflow.launcher.mesos;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The RecordIO framing of the Mesos v1 event stream: each record is its length in decimal
 * ASCII, a {@code \n}, then that many bytes. Records are independent of HTTP chunks (one record
 * may span chunks, one chunk may hold several) and protobuf payloads contain {@code \n} bytes,
 * so the reader counts bytes and never looks for line ends inside a record.
 */
public final class RecordIo {
    /** Longest length prefix accepted; a real master's records are far below this. */
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
        while (true) {
            int b = in.read();
            if (b == -1) {
                if (digits == 0) {
                    return Optional.empty();
                }
                throw new EOFException("stream ended inside a RecordIO length");
            }
            if (b == '\n') {
                break;
            }
            if (b < '0' || b > '9' || ++digits > 10) {
                throw new IOException("not a RecordIO length: byte " + b);
            }
            length = length * 10 + (b - '0');
        }
        if (digits == 0 || length > MAX_RECORD) {
            throw new IOException("bad RecordIO length " + (digits == 0 ? "(empty)" : length));
        }
        byte[] record = in.readNBytes((int) length);
        if (record.length < length) {
            throw new EOFException("stream ended inside a " + length + "-byte record");
        }
        return Optional.of(record);
    }

    /**
     * The next record (blocking) and those after it that have begun to arrive already, at most
     * {@code max} in all; empty at a clean end of stream. A record that has begun to arrive is read
     * to its end (a master writes each record whole).
     */
    public static java.util.List<byte[]> readReady(InputStream in, int max) throws IOException {
        java.util.List<byte[]> records = new java.util.ArrayList<>();
        for (Optional<byte[]> r = read(in); r.isPresent(); r = records.size() < max && in.available() > 0
                ? read(in) : Optional.empty()) {
            records.add(r.get());
        }
        return records;
    }

    /** All records of a byte array (for tests and the simulator). */
    public static java.util.List<byte[]> readAll(byte[] bytes) throws IOException {
        java.util.List<byte[]> records = new java.util.ArrayList<>();
        InputStream in = new java.io.ByteArrayInputStream(bytes);
        for (Optional<byte[]> r = read(in); r.isPresent(); r = read(in)) {
            records.add(r.get());
        }
        return records;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
