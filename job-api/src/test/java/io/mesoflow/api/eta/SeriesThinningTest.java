package io.mesoflow.api.eta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SeriesThinningTest {
    static List<Long> steps(int n) {
        return LongStream.range(0, n).map(i -> i * 10).boxed().toList();
    }

    static List<Long> kept(List<Long> steps, int max) {
        List<Long> kept = new ArrayList<>(steps);
        kept.removeAll(SeriesThinning.toDrop(steps, max));
        return kept;
    }

    @ParameterizedTest(name = "{0} points, at most {1} -> {2} kept")
    @CsvSource({"10, 10, 10", "11, 10, 8", "501, 500, 376", "1000, 500, 422", "3, 2, 2", "0, 500, 0"})
    void aSeriesOverItsLimitIsThinnedToAtMostTheLimit(int points, int max, int expectedKept) {
        List<Long> kept = kept(steps(points), max);
        assertThat(kept).hasSize(expectedKept).hasSizeLessThanOrEqualTo(max);
    }

    @Test
    void onlyEveryOtherPointOfTheOlderHalfGoesTheFirstAndTheNewerHalfStay() {
        List<Long> steps = steps(11); // 0..100
        assertThat(SeriesThinning.toDrop(steps, 10)).containsExactly(10L, 30L, 50L);
        assertThat(kept(steps, 10)).containsExactly(0L, 20L, 40L, 60L, 70L, 80L, 90L, 100L);
    }

    @Test
    void thinningIsDeterministic() {
        List<Long> steps = steps(777);
        assertThat(SeriesThinning.toDrop(steps, 500)).isEqualTo(SeriesThinning.toDrop(steps, 500));
        assertThat(kept(steps, 500)).startsWith(0L).endsWith(7760L);
    }

    @Test
    void aLimitBelowTwoIsRefused() {
        assertThatThrownBy(() -> SeriesThinning.toDrop(steps(5), 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "{0} items, at most {1}")
    @CsvSource({"5, 10, 5", "10, 10, 10", "11, 10, 10", "1000, 500, 500", "3, 2, 2"})
    void evenlyKeepsAtMostMaxWithTheFirstAndTheLast(int size, int max, int expected) {
        List<Integer> indices = SeriesThinning.evenly(size, max);
        assertThat(indices).hasSize(expected).isSorted().doesNotHaveDuplicates();
        assertThat(indices.get(0)).isZero();
        assertThat(indices.get(indices.size() - 1)).isEqualTo(size - 1);
    }
}
