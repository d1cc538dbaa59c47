package io.mesoflow.launcher.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What of a failed task's stderr its status message carries. */
class OutputTailTest {
    static String tail(String text, boolean fromStart) {
        return OutputTail.lastLines(text.getBytes(StandardCharsets.UTF_8), fromStart);
    }

    @ParameterizedTest(name = "[{0}] from start {1} -> [{2}]")
    @CsvSource(delimiter = '|', value = {
            "a\\nb\\n|true|a\\nb",
            "cut line\\nb\\n|false|b",
            "\\n\\n  \\n|true|''",
            "''|true|''",
            "x\\r\\ny\\rz|true|x\\ny\\nz",
            "col\\u001b[31mred\\u0000|true|col[31mred",
            "a\\tb   |true|a\\tb",
    })
    void keepsTheLastNonBlankPrintableLines(String text, boolean fromStart, String expected) {
        assertThat(tail(unescape(text), fromStart)).isEqualTo(unescape(expected));
    }

    @Test
    void keepsAtMostTenLines() {
        String text = IntStream.rangeClosed(1, 25).mapToObj(i -> "line " + i).collect(Collectors.joining("\n"));

        assertThat(tail(text, true).split("\n")).hasSize(OutputTail.MAX_LINES).startsWith("line 16").endsWith("line 25");
    }

    @ParameterizedTest(name = "[{0}] + [{1}] -> [{2}]")
    @CsvSource(delimiter = '|', value = {
            "exited with code 1|ValueError: bad|exited with code 1: ValueError: bad",
            "exited with code 3|''|exited with code 3",
            "exited with code 3||exited with code 3",
    })
    void anEmptyTailLeavesTheMessageAsItWas(String message, String tail, String expected) {
        assertThat(OutputTail.appended(message, tail)).isEqualTo(expected);
    }

    private static String unescape(String s) {
        return s.replace("\\n", "\n").replace("\\r", "\r").replace("\\t", "\t").replace("\\u001b", "\u001b")
                .replace("\\u0000", "\u0000");
    }
}
