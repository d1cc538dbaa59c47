package io.mesoflow.launcher.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TfRecordReaderTest {
    @TempDir
    Path dir;

    /** train/: file_version, then loss at steps 10, 20 and 30 (real TensorFlow). */
    byte[] trainFile() throws IOException {
        return Files.readAllBytes(TfRecords.eventFile(TfRecords.fixtures().resolve("output"), "train"));
    }

    @Test
    void readsEveryRecordOfARealEventFileAndThenNothingUntilMoreIsWritten() throws IOException {
        Path file = Files.write(dir.resolve("events.out.tfevents.1"), trainFile());
        TfRecordReader reader = new TfRecordReader();

        TfRecordReader.Batch first = reader.read(file, 1 << 20);
        TfRecordReader.Batch second = reader.read(file, 1 << 20);

        assertThat(first.records()).hasSize(4);
        assertThat(first.corrupt()).isZero();
        assertThat(reader.offset(file)).isEqualTo(Files.size(file));
        assertThat(second.records()).isEmpty();
        assertThat(second.bytesRead()).isZero();
    }

    @Test
    void aPartialTrailingRecordIsLeftForTheNextRead() throws IOException {
        byte[] whole = trainFile();
        Path file = Files.write(dir.resolve("events.out.tfevents.1"), Arrays.copyOf(whole, whole.length - 10));
        TfRecordReader reader = new TfRecordReader();

        TfRecordReader.Batch partial = reader.read(file, 1 << 20);
        long offset = reader.offset(file);
        Files.write(file, Arrays.copyOfRange(whole, whole.length - 10, whole.length), StandardOpenOption.APPEND);
        TfRecordReader.Batch rest = reader.read(file, 1 << 20);

        assertThat(partial.records()).hasSize(3);
        assertThat(partial.corrupt()).isZero();
        assertThat(offset).isLessThan(whole.length - 10);
        assertThat(rest.records()).hasSize(1);
        assertThat(TfEventDecoder.decode(rest.records().get(0)).step()).isEqualTo(30);
    }

    @Test
    void aRecordWhoseDataFailsItsCrcIsCountedAndSkipped() throws IOException {
        byte[] first = TfRecords.frame(TfRecords.simpleValueEvent(1, 1, "loss", 1f));
        byte[] bad = TfRecords.frame(TfRecords.simpleValueEvent(2, 2, "loss", 2f));
        bad[14] ^= 0x5a; // a data byte
        byte[] last = TfRecords.frame(TfRecords.simpleValueEvent(3, 3, "loss", 3f));
        Path file = Files.write(dir.resolve("f"), concat(first, bad, last));

        TfRecordReader.Batch batch = new TfRecordReader().read(file, 1 << 20);

        assertThat(batch.corrupt()).isEqualTo(1);
        assertThat(batch.records()).extracting(r -> TfEventDecoder.decode(r).step()).containsExactly(1L, 3L);
    }

    @Test
    void aLengthThatFailsItsCrcAbandonsTheRestOfTheFile() throws IOException {
        byte[] first = TfRecords.frame(TfRecords.simpleValueEvent(1, 1, "loss", 1f));
        byte[] bad = TfRecords.frame(TfRecords.simpleValueEvent(2, 2, "loss", 2f));
        bad[0] ^= 0x7f; // the length
        Path file = Files.write(dir.resolve("f"), concat(first, bad));
        TfRecordReader reader = new TfRecordReader();

        TfRecordReader.Batch batch = reader.read(file, 1 << 20);
        Files.write(file, TfRecords.frame(TfRecords.simpleValueEvent(3, 3, "loss", 3f)), StandardOpenOption.APPEND);

        assertThat(batch.records()).hasSize(1);
        assertThat(batch.corrupt()).isEqualTo(1);
        assertThat(reader.abandoned(file)).isTrue();
        assertThat(reader.read(file, 1 << 20).records()).isEmpty();
    }

    @Test
    void readsAtMostTheBudgetAndGoesOnFromThereNextTime() throws IOException {
        byte[] one = TfRecords.frame(TfRecords.simpleValueEvent(1, 1, "loss", 1f));
        Path file = Files.write(dir.resolve("f"), concat(one, one, one));
        TfRecordReader reader = new TfRecordReader();

        TfRecordReader.Batch first = reader.read(file, one.length * 2L - 1);
        TfRecordReader.Batch second = reader.read(file, one.length * 2L);

        assertThat(first.records()).hasSize(1);
        assertThat(first.bytesRead()).isEqualTo(one.length * 2L - 1);
        assertThat(second.records()).hasSize(2);
    }

    @Test
    void aRecordLargerThanOneReadIsSkippedUnread() throws IOException {
        byte[] large = TfRecords.frame(new byte[5000]);
        byte[] small = TfRecords.frame(TfRecords.simpleValueEvent(1, 7, "loss", 1f));
        Path file = Files.write(dir.resolve("f"), concat(large, small));
        TfRecordReader reader = new TfRecordReader();

        TfRecordReader.Batch first = reader.read(file, 1000);
        TfRecordReader.Batch second = reader.read(file, 1000);

        assertThat(first.skippedLarge()).isEqualTo(1);
        assertThat(first.records()).isEmpty();
        assertThat(second.records()).extracting(r -> TfEventDecoder.decode(r).step()).containsExactly(7L);
    }

    @Test
    void aSymbolicLinkIsNotRead() throws IOException {
        Path target = Files.write(dir.resolve("elsewhere"), trainFile());
        Path link = Files.createSymbolicLink(dir.resolve("events.out.tfevents.link"), target);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new TfRecordReader().read(link, 1 << 20))
                .isInstanceOf(IOException.class);
    }

    static byte[] concat(byte[]... parts) {
        int n = Arrays.stream(parts).mapToInt(p -> p.length).sum();
        byte[] all = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }
}
