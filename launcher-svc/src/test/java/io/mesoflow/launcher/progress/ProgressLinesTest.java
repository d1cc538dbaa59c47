package io.mesoflow.launcher.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProgressLinesTest {
    @Test
    void wholeLinesAreParsedAndAPartialLastLineIsLeft() {
        String chunk = "{\"step\": 100, \"total_steps\": 1000, \"time\": 1700000000.5, \"loss\": 0.5, \"note\": \"x\"}\n"
                + "{\"step\": 2";

        ProgressLines.Parsed parsed = ProgressLines.parse(chunk);

        assertThat(parsed.lines()).containsExactly(new ProgressLines.Line(100, 1000L,
                Instant.ofEpochMilli(1_700_000_000_500L), Map.of("loss", 0.5)));
        assertThat(parsed.consumedBytes()).isEqualTo(chunk.indexOf('\n') + 1);
    }

    @Test
    void linesThatAreNotProgressAreSkipped() {
        ProgressLines.Parsed parsed = ProgressLines.parse("not json\n[1]\n{\"loss\": 1}\n{\"step\": \"x\"}\n\n"
                + "{\"step\": 7}\n");

        assertThat(parsed.lines()).containsExactly(new ProgressLines.Line(7, null, null, Map.of()));
    }

    @Test
    void offsetsCountBytesNotCharacters() {
        assertThat(ProgressLines.parse("{\"step\": 1, \"tag\": \"é\"}\n").consumedBytes()).isEqualTo(25);
    }
}
