package io.mesoflow.api.eta;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The first running total that reaches a need, over totals 1, 3, 3, 6. */
class ReleasesTest {
    static final double[] TOTALS = {1, 3, 3, 6};

    @ParameterizedTest(name = "need {0}: index {1}")
    @CsvSource({
        "-1, 0", "0, 0", "0.5, 0", "1, 0", "1.01, 1", "3, 1", "4, 3", "6, 3", "6.01, 4", "100, 4",
    })
    void firstTotalReachingTheNeed(double need, int index) {
        assertThat(Releases.first(TOTALS.length, need, i -> TOTALS[i])).isEqualTo(index);
    }

    @ParameterizedTest(name = "no totals, need {0}: 0")
    @CsvSource({"0", "5"})
    void noTotalsReachNothing(double need) {
        assertThat(Releases.first(0, need, i -> { throw new AssertionError("read"); })).isZero();
    }
}
