package io.mesoflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Text from the API never brings a control character (an ESC sequence, a forged line) to the terminal. */
class TerminalTextTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "train/loss                  | train/loss",
        "caf\\u00e9 \\u2713            | café ✓",
        "\\u001b[2Jloss              | \\x1b[2Jloss",
        "a\\nb\\rc\\td               | a\\x0ab\\x0dc\\x09d",
        "\\u009b31m del\\u007f nul\\u0000 | \\x9b31m del\\x7f nul\\x00",
    })
    void controlCharactersAreShownEscaped(String raw, String shown) {
        assertThat(TerminalText.clean(unescape(raw))).isEqualTo(shown);
    }

    @Test
    void nullStaysNullAndCleaningTwiceChangesNothingMore() {
        assertThat(TerminalText.clean(null)).isNull();
        String once = TerminalText.clean("\u001b]0;owned\u0007");
        assertThat(TerminalText.clean(once)).isEqualTo(once).isEqualTo("\\x1b]0;owned\\x07");
    }

    @Test
    void topShowsHostileNamesTagsAndReasonsEscaped() throws Exception {
        JsonNode jobs = ApiClient.JSON.readTree("""
                [{"id": "job-1", "name": "evil\\u001b[31m", "team": "ml", "state": "RUNNING",
                  "reason": "oops\\u001b]0;title\\u0007"}]""");
        JsonNode queue = ApiClient.JSON.readTree("""
                [{"id": "job-2", "name": "q\\u009b2J", "team": "ml", "state": "QUEUED", "position": 1,
                  "reason": "line\\nforged", "startEta": {"position": 1, "eta": null, "reason": "x\\u001b[K"}}]""");

        List<List<String>> rows = new TopTable(new ProgressText(false, ApiBodies.NOW, ZoneId.of("UTC")))
                .rows(jobs, queue, null);

        assertThat(rows.get(0)).contains("evil\\x1b[31m", "oops\\x1b]0;title\\x07");
        assertThat(rows.get(1)).contains("q\\x9b2J", "line\\x0aforged; x\\x1b[K");
        rows.forEach(row -> row.forEach(cell -> assertThat(cell.chars()).noneMatch(Character::isISOControl)));
    }

    @Test
    void statusShowsHostileScalarTagsEscaped() throws Exception {
        JsonNode job = ApiClient.JSON.readTree("""
                {"id": "job-1", "state": "RUNNING", "progress": {"step": 10, "totalSteps": 100,
                 "scalars": {"loss\\u001b[2J": 0.5},
                 "gpuHours": {"warning": "projected\\u001b[8m"}}}""");

        List<String> lines = new ProgressText(false, ApiBodies.NOW, ZoneId.of("UTC"))
                .statusLines("RUNNING", Progress.of(job), null, null);

        assertThat(lines).contains("scalars: loss\\x1b[2J 0.5", "warning: projected\\x1b[8m");
        assertThat(ProgressText.scalars(java.util.Map.of("acc\u001b", 0.5))).isEqualTo("acc\\x1b 0.5");
    }

    /** The table's {@code \}{@code uXXXX} and {@code \}{@code n}, {@code \}{@code r}, {@code \}{@code t} as characters. */
    private static String unescape(String s) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && s.charAt(i + 1) == 'u') {
                out.append((char) Integer.parseInt(s.substring(i + 2, i + 6), 16));
                i += 5;
            } else if (c == '\\' && "nrt".indexOf(s.charAt(i + 1)) >= 0) {
                out.append(switch (s.charAt(i + 1)) { case 'n' -> '\n'; case 'r' -> '\r'; default -> '\t'; });
                i++;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
