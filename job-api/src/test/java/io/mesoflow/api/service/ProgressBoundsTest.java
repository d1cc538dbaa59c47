package io.mesoflow.api.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesoflow.events.ScalarPoint;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** What one progress record may add: bounded tags and points, one point per step, clean scalar values. */
class ProgressBoundsTest {
    @Test
    void aRecordAddsAtMostTheTagLimitInNameOrderAndSkipsOverlongTags() {
        List<ScalarPoint> points = List.of(new ScalarPoint("z", 1, 1), new ScalarPoint("b", 1, 1),
                new ScalarPoint("a", 1, 1), new ScalarPoint("a", 2, 2), new ScalarPoint("x".repeat(201), 1, 1));
        Map<String, List<ScalarPoint>> byTag = ScalarSeries.byTag(points, 2);
        assertThat(byTag.keySet()).containsExactly("a", "b");
        assertThat(byTag.get("a")).hasSize(2);
    }

    @Test
    void tagsWithControlCharactersAreSkippedInSeriesAndInTheLatestScalars() {
        List<ScalarPoint> points = List.of(new ScalarPoint("loss\u001b[2J", 1, 1), new ScalarPoint("acc\n", 1, 1),
                new ScalarPoint("x\u009b", 1, 1), new ScalarPoint("", 1, 1), new ScalarPoint("eval/loss", 1, 1));
        assertThat(ScalarSeries.byTag(points, 10).keySet()).containsExactly("eval/loss");
        Map<String, Double> scalars = Map.of("loss\u001b]0;x\u0007", 1.0, "tab\tbed", 2.0, "del\u007f", 3.0,
                "caf\u00e9 \u2713", 4.0);
        assertThat(ProgressStore.scalars(scalars, 10).keySet()).containsExactly("caf\u00e9 \u2713");
    }

    @Test
    void aTagKeepsOnePointPerStepTheLastGivenAndAtMostTheLimitSpreadEvenly() {
        List<ScalarPoint> repeated = List.of(new ScalarPoint("loss", 5, 1), new ScalarPoint("loss", 3, 2),
                new ScalarPoint("loss", 5, 9));
        assertThat(ScalarSeries.spread(repeated, 10)).extracting(ScalarPoint::step, ScalarPoint::value)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(3L, 2.0), org.assertj.core.groups.Tuple.tuple(5L, 9.0));
        List<ScalarPoint> many = IntStream.range(0, 2000).mapToObj(i -> new ScalarPoint("loss", i, i)).toList();
        List<ScalarPoint> spread = ScalarSeries.spread(many, 500);
        assertThat(spread).hasSize(500);
        assertThat(spread.get(0).step()).isZero();
        assertThat(spread.get(499).step()).isEqualTo(1999);
    }

    @Test
    void scalarsAreCappedAndAValueThatIsNoFiniteNumberIsNull() {
        Map<String, Double> scalars = new HashMap<>(Map.of("loss", Double.NaN, "acc", 0.5, "lr", 0.1,
                "inf", Double.POSITIVE_INFINITY));
        Map<String, Double> kept = ProgressStore.scalars(scalars, 3);
        assertThat(kept.keySet()).containsExactly("acc", "inf", "loss");
        assertThat(kept.get("acc")).isEqualTo(0.5);
        assertThat(kept.get("loss")).isNull();
        assertThat(kept.get("inf")).isNull();
    }
}
