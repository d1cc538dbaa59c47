package io.mesoflow.launcher.progress;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/** Test helpers: TFRecord framing and hand-made tensorflow.Event records, and the committed fixtures. */
final class TfRecords {
    private TfRecords() {
    }

    /** The fixtures generated with real TensorFlow (generate.py beside them). */
    static Path fixtures() {
        try {
            return Path.of(TfRecords.class.getResource("/progress/generate.py").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The one event file of a fixture run ("" for the output dir itself). */
    static Path eventFile(Path outputDir, String run) throws IOException {
        try (Stream<Path> files = Files.list(run.isEmpty() ? outputDir : outputDir.resolve(run))) {
            return files.filter(f -> f.getFileName().toString().startsWith(OutputDirScan.EVENT_FILE_PREFIX))
                    .findFirst().orElseThrow();
        }
    }

    /** A copy of the fixture output dir under {@code into}. */
    static Path copyOutput(Path into) throws IOException {
        Path source = fixtures().resolve("output");
        try (Stream<Path> all = Files.walk(source)) {
            for (Path from : all.toList()) {
                Path to = into.resolve(source.relativize(from).toString());
                if (Files.isDirectory(from)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(from, to, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        return into;
    }

    /** One TFRecord: length, masked CRC of the length, data, masked CRC of the data. */
    static byte[] frame(byte[] data) {
        ByteBuffer out = ByteBuffer.allocate(16 + data.length).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(data.length);
        out.putInt(TfRecordReader.maskedCrc(out.array(), 0, 8));
        out.put(data);
        out.putInt(TfRecordReader.maskedCrc(data, 0, data.length));
        return out.array();
    }

    /** An Event with one TF1-style simple_value scalar. */
    static byte[] simpleValueEvent(double wallTime, long step, String tag, float value) {
        return event(wallTime, step, value(tag, out -> out.writeFloat(2, value)));
    }

    /** An Event with one rank-0 DT_FLOAT tensor scalar in float_val (packed), plugin "scalars". */
    static byte[] floatValEvent(double wallTime, long step, String tag, float value) {
        return event(wallTime, step, value(tag, out -> {
            out.writeByteArray(8, message(t -> {
                t.writeEnum(1, 1);
                t.writeByteArray(2, new byte[0]);
                t.writeTag(5, 2);
                t.writeUInt32NoTag(4);
                t.writeFloatNoTag(value);
            }));
            out.writeByteArray(9, message(m -> m.writeByteArray(1, message(p -> p.writeString(1, "scalars")))));
        }));
    }

    /** An Event with a rank-1 float tensor of two elements (not a scalar). */
    static byte[] vectorEvent(double wallTime, long step, String tag) {
        return event(wallTime, step, value(tag, out -> out.writeByteArray(8, message(t -> {
            t.writeEnum(1, 1);
            t.writeByteArray(2, message(s -> s.writeByteArray(2, message(d -> d.writeInt64(1, 2)))));
            t.writeBytes(4, ByteString.copyFrom(new byte[8]));
        }))));
    }

    interface Writing {
        void write(CodedOutputStream out) throws IOException;
    }

    static byte[] message(Writing writing) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            CodedOutputStream out = CodedOutputStream.newInstance(bytes);
            writing.write(out);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] value(String tag, Writing rest) {
        return message(out -> {
            out.writeString(1, tag);
            rest.write(out);
        });
    }

    private static byte[] event(double wallTime, long step, byte[] value) {
        return message(out -> {
            out.writeDouble(1, wallTime);
            out.writeInt64(2, step);
            out.writeByteArray(5, message(s -> s.writeByteArray(1, value)));
        });
    }
}
