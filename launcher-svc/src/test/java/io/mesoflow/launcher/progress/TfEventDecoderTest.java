package io.mesoflow.launcher.progress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.mesoflow.launcher.progress.TfEventDecoder.Scalar;
import io.mesoflow.launcher.progress.TfEventDecoder.TfEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TfEventDecoderTest {
    @TempDir
    Path dir;

    List<TfEvent> events(String run) throws IOException {
        Path file = Files.copy(TfRecords.eventFile(TfRecords.fixtures().resolve("output"), run), dir.resolve("copy"));
        List<TfEvent> events = new ArrayList<>();
        for (byte[] record : new TfRecordReader().read(file, 1 << 20).records()) {
            events.add(TfEventDecoder.decode(record));
        }
        return events;
    }

    @Test
    void decodesTheRankZeroFloatTensorsThatTf2SummaryScalarWrites() throws IOException {
        List<TfEvent> events = events("train");

        assertThat(events.get(0).scalars()).isEmpty(); // file_version
        assertThat(events.subList(1, 4)).extracting(TfEvent::step).containsExactly(10L, 20L, 30L);
        assertThat(events.get(1).scalars()).extracting(Scalar::tag).containsExactly("loss");
        assertThat(events.get(1).scalars().get(0).value()).isCloseTo(0.1, within(1e-6));
        assertThat(events.get(3).scalars().get(0).value()).isCloseTo(1 / 30.0, within(1e-6));
        assertThat(events.get(3).wallTime()).isGreaterThan(1.6e9);
    }

    @Test
    void keepsOnlyScalarsAmongOtherSummaries() throws IOException {
        List<TfEvent> events = events(""); // learning_rate (scalar) and note (text)

        assertThat(events.stream().flatMap(e -> e.scalars().stream()).map(Scalar::tag)).containsExactly("learning_rate");
    }

    @Test
    void decodesTf1SimpleValuesAndFloatValTensors() throws IOException {
        TfEvent simple = TfEventDecoder.decode(TfRecords.simpleValueEvent(1.5e9, 42, "acc", 0.75f));
        TfEvent floatVal = TfEventDecoder.decode(TfRecords.floatValEvent(1.5e9, 43, "loss", 0.25f));

        assertThat(simple.step()).isEqualTo(42);
        assertThat(simple.wallTime()).isEqualTo(1.5e9);
        assertThat(simple.scalars()).containsExactly(new Scalar("acc", 0.75));
        assertThat(floatVal.scalars()).containsExactly(new Scalar("loss", 0.25));
    }

    @Test
    void aTensorOfMoreThanOneElementIsNoScalar() throws IOException {
        assertThat(TfEventDecoder.decode(TfRecords.vectorEvent(1, 1, "weights")).scalars()).isEmpty();
    }

    @Test
    void garbageIsAnError() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TfEventDecoder.decode(new byte[] {0x0a, 0x7f, 1}))
                .isInstanceOf(IOException.class);
    }
}
