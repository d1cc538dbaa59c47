package io.mesoflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The pure pieces progress is written with: bars, durations, ETAs and numbers. */
class ProgressFormattingTest {
    static final Instant NOW = Instant.parse("2026-03-05T10:00:00Z");

    @ParameterizedTest(name = "{0} of {1} cells, unicode={2}: \"{3}\"")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "0.0   | 10 | false | [--------]",
            "0.5   | 10 | false | [####----]",
            "0.999 | 10 | false | [#######-]",
            "1.0   | 10 | false | [########]",
            "1.7   | 10 | false | [########]",
            "-0.2  | 10 | false | [--------]",
            "0.4   | 1  | false | [-]",
            "0.0   | 8  | true  | ░░░░░░░░",
            "0.5   | 8  | true  | ████░░░░",
            "0.5625| 8  | true  | ████▌░░░",
            "0.01  | 8  | false | [------]",
            "0.03  | 8  | true  | ▏░░░░░░░",
            "1.0   | 8  | true  | ████████"})
    void progressBarFillsItsWidthInProportion(double fraction, int width, boolean unicode, String bar) {
        assertThat(ProgressBar.render(fraction, width, unicode)).isEqualTo(bar);
    }

    @Test
    void aBarIsAsWideAsAskedWhateverTheFraction() {
        for (int i = 0; i <= 100; i++) {
            assertThat(ProgressBar.render(i / 100.0, 17, true)).hasSize(17);
            assertThat(ProgressBar.render(i / 100.0, 17, false)).hasSize(17).matches("\\[[#-]{15}]");
        }
        assertThat(ProgressBar.render(Double.NaN, 6, false)).isEqualTo("[----]");
    }

    @ParameterizedTest(name = "{0}s -> {1}")
    @CsvSource({"0, 0s", "42, 42s", "59, 59s", "60, 1m00s", "252, 4m12s", "3599, 59m59s", "3600, 1h00m",
            "3725, 1h02m", "86399, 23h59m", "86400, 1d00h", "273600, 3d04h", "-252, 4m12s"})
    void compactDurationsKeepTheirTwoLargestUnits(long seconds, String text) {
        assertThat(Durations.compact(seconds)).isEqualTo(text);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"2026-03-05T10:04:12Z, in 4m12s", "2026-03-05T10:00:00.400Z, now", "2026-03-05T09:58:55Z, 1m05s ago",
            "2026-03-06T13:00:00Z, in 1d03h"})
    void relativeTimesSayInOrAgo(Instant at, String text) {
        assertThat(EtaText.relative(at, NOW)).isEqualTo(text);
    }

    @ParameterizedTest(name = "{0} in {1} -> {2}")
    @CsvSource({"2026-03-05T10:04:12Z, UTC, 10:04", "2026-03-05T10:04:12Z, Europe/Paris, 11:04",
            "2026-03-06T01:00:00Z, UTC, 2026-03-06 01:00", "2026-03-05T23:30:00Z, Europe/Paris, 2026-03-06 00:30"})
    void absoluteTimesShowTheDateOnlyForAnotherDay(Instant at, ZoneId zone, String text) {
        assertThat(EtaText.absolute(at, NOW, zone)).isEqualTo(text);
    }

    @Test
    void etaShowsBothAndAgesNeverLieInTheFuture() {
        assertThat(EtaText.eta(Instant.parse("2026-03-05T10:04:12Z"), NOW, ZoneId.of("UTC"))).isEqualTo("in 4m12s (10:04)");
        assertThat(EtaText.age(Instant.parse("2026-03-05T09:57:50Z"), NOW)).isEqualTo("2m10s ago");
        assertThat(EtaText.age(Instant.parse("2026-03-05T10:00:30Z"), NOW)).isEqualTo("just now");
        assertThat(EtaText.age(NOW, NOW)).isEqualTo("just now");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"0.312, 0.312", "0.31234, 0.3123", "12.5, 12.5", "1234.56, 1235", "1200, 1200", "0, 0",
            "-0.75, -0.75", "0.0001234, 1.234e-04", "1234567, 1.235e+06", "NaN, nan", "Infinity, inf"})
    void scalarsHaveFourSignificantFigures(double value, String text) {
        assertThat(NumberText.scalar(value)).isEqualTo(text);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"85.2, 85.2", "4.251, 4.25", "1204.4, 1204", "0.5, 0.50"})
    void ratesHaveAboutThreeSignificantFigures(double rate, String text) {
        assertThat(NumberText.rate(rate)).isEqualTo(text);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"0.4, 40%", "0.999, 99%", "1.0, 100%", "0.0, 0%", "0.29, 29%", "1.3, 100%"})
    void percentagesRoundDown(double fraction, String text) {
        assertThat(NumberText.percent(fraction)).isEqualTo(text);
    }

    @Test
    void mainScalarsAreLossesThenAccuraciesThenTheRestByName() {
        Map<String, Double> scalars = Map.of("learning_rate", 0.001, "train/accuracy", 0.88, "eval/accuracy", 0.91,
                "train/loss", 0.312, "global_step/sec", 85.2, "eval/loss", 0.4);

        assertThat(ProgressText.scalars(scalars))
                .isEqualTo("eval/loss 0.4  train/loss 0.312  eval/accuracy 0.91  train/accuracy 0.88");
        assertThat(ProgressText.scalars(Map.of())).isEmpty();
    }

    @ParameterizedTest(name = "tty={0} console={1} stdout={2} TERM={3} -> {4}")
    @CsvSource({"true, UTF-8, UTF-8, xterm, true", "true, utf8, UTF-8, xterm-256color, true",
            "false, UTF-8, UTF-8, xterm, false", "true, ANSI_X3.4-1968, ANSI_X3.4-1968, xterm, false",
            "true, UTF-8, US-ASCII, xterm, false", "true, UTF-8, UTF-8, dumb, false", "true, , UTF-8, xterm, false"})
    void blockCharactersOnlyOnAUtf8Terminal(boolean tty, String console, String stdout, String term, boolean unicode) {
        assertThat(Display.unicode(tty, console, stdout, Map.of("TERM", term))).isEqualTo(unicode);
    }
}
