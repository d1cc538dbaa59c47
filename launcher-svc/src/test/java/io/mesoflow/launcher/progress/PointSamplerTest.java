package io.mesoflow.launcher.progress;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesoflow.events.ScalarPoint;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PointSamplerTest {
    static List<ScalarPoint> series(String tag, int n) {
        List<ScalarPoint> points = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            points.add(new ScalarPoint(tag, i, i));
        }
        return points;
    }

    @Test
    void fewPointsAreKeptAsTheyAre() {
        assertThat(PointSampler.sample(series("loss", 5), 100)).isEqualTo(series("loss", 5));
    }

    @Test
    void manyPointsAreThinnedEvenlyPerTagKeepingEachTagsFirstAndLast() {
        List<ScalarPoint> points = new ArrayList<>(series("loss", 1000));
        points.addAll(series("eval/accuracy", 3));

        List<ScalarPoint> kept = PointSampler.sample(points, 100);

        assertThat(kept).hasSizeLessThanOrEqualTo(100);
        List<ScalarPoint> loss = kept.stream().filter(p -> p.tag().equals("loss")).toList();
        assertThat(loss).hasSize(50);
        assertThat(loss.get(0).step()).isEqualTo(1);
        assertThat(loss.get(49).step()).isEqualTo(1000);
        assertThat(loss).extracting(ScalarPoint::step).isSorted();
        assertThat(kept.stream().filter(p -> p.tag().equals("eval/accuracy"))).hasSize(3);
    }

    @Test
    void neverMoreThanMaxPointsHoweverManyTags() {
        int[][] table = { // tags, points per tag, max
            {150, 3, 100}, {101, 2, 100}, {7, 50, 10}, {3, 1000, 100}, {64, 200, 100}, {5, 5, 1}, {5, 5, 0}};
        for (int[] row : table) {
            List<ScalarPoint> points = new ArrayList<>();
            for (int tag = 0; tag < row[0]; tag++) {
                points.addAll(series("t" + tag, row[1]));
            }

            List<ScalarPoint> kept = PointSampler.sample(points, row[2]);

            String name = java.util.Arrays.toString(row);
            assertThat(kept).as(name).hasSize(Math.min(row[2], row[0] * row[1]));
            assertThat(kept.stream().map(ScalarPoint::tag).distinct().count()).as(name)
                    .isEqualTo(Math.min(row[0], row[2]));
        }
    }

    @Test
    void withMoreTagsThanMaxTheFirstTagsKeepTheirLastPoint() {
        List<ScalarPoint> points = new ArrayList<>(series("a", 3));
        points.addAll(series("b", 3));
        points.addAll(series("c", 3));

        assertThat(PointSampler.sample(points, 2)).containsExactly(new ScalarPoint("a", 3, 3),
                new ScalarPoint("b", 3, 3));
    }
}
