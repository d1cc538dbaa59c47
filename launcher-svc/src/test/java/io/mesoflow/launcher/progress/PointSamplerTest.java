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
}
