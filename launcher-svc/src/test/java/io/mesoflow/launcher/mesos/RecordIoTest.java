package io.mesoflow.launcher.mesos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordIoTest {
    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void readsRecordsWhoseBytesContainNewlines() throws IOException {
        byte[] stream = RecordIo.concat(RecordIo.frame(b("a\nb")), RecordIo.frame(b("")), RecordIo.frame(b("\n\n\n")));

        assertThat(RecordIo.readAll(stream)).extracting(r -> new String(r, StandardCharsets.UTF_8))
                .containsExactly("a\nb", "", "\n\n\n");
        assertThat(new String(RecordIo.frame(b("hello")), StandardCharsets.UTF_8)).isEqualTo("5\nhello");
    }

    @Test
    void aRecordSplitAcrossChunksIsReassembled() throws IOException {
        byte[] stream = RecordIo.concat(RecordIo.frame(b("first record")), RecordIo.frame(b("second")));
        // an input stream that hands out one byte per read, like the worst chunking
        InputStream trickle = new InputStream() {
            int i;

            @Override
            public int read() {
                return i < stream.length ? stream[i++] & 0xff : -1;
            }

            @Override
            public int read(byte[] buf, int off, int len) {
                if (len == 0) {
                    return 0;
                }
                int c = read();
                if (c < 0) {
                    return -1;
                }
                buf[off] = (byte) c;
                return 1;
            }
        };

        assertThat(RecordIo.read(trickle)).hasValueSatisfying(r -> assertThat(r).isEqualTo(b("first record")));
        assertThat(RecordIo.read(trickle)).hasValueSatisfying(r -> assertThat(r).isEqualTo(b("second")));
        assertThat(RecordIo.read(trickle)).isEmpty();
    }

    @Test
    void aTruncatedOrGarbledStreamIsAnError() {
        assertThatThrownBy(() -> RecordIo.read(new ByteArrayInputStream(b("10\nshort")))).isInstanceOf(EOFException.class);
        assertThatThrownBy(() -> RecordIo.read(new ByteArrayInputStream(b("12")))).isInstanceOf(EOFException.class);
        assertThatThrownBy(() -> RecordIo.read(new ByteArrayInputStream(b("x\n")))).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> RecordIo.read(new ByteArrayInputStream(b("\n")))).isInstanceOf(IOException.class);
    }

    @Test
    void splitsMultipleRecordsInOneChunk() throws IOException {
        assertThat(RecordIo.readAll(b("1\na2\nbc3\ndef"))).hasSize(3);
        assertThat(RecordIo.readAll(new byte[0])).isEqualTo(List.of());
    }

    @Test
    void readReadyTakesWhatHasArrivedUpToTheLimitAndWaitsForNothingMore() throws IOException {
        InputStream arrived = new ByteArrayInputStream(b("1\na2\nbc3\ndef1\ng"));

        assertThat(RecordIo.readReady(arrived, 3)).extracting(r -> new String(r, StandardCharsets.UTF_8))
                .containsExactly("a", "bc", "def");
        assertThat(RecordIo.readReady(arrived, 3)).extracting(r -> new String(r, StandardCharsets.UTF_8))
                .containsExactly("g");
        assertThat(RecordIo.readReady(arrived, 3)).isEmpty();
    }

    @Test
    void readReadyDoesNotBlockForARecordThatHasNotBegunToArrive() throws IOException {
        // a stream that says nothing more is there: the second record is not read now
        InputStream slow = new ByteArrayInputStream(b("1\na1\nb")) {
            @Override
            public synchronized int available() {
                return 0;
            }
        };

        assertThat(RecordIo.readReady(slow, 10)).hasSize(1);
        assertThat(RecordIo.readReady(slow, 10)).hasSize(1);
    }
}
