package io.mesoflow.launcher.progress;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesoflow.events.ScalarPoint;
import org.junit.jupiter.api.Test;

class ScalarBookTest {
    @Test
    void theFirstTagsSeenAreKeptUpToTheLimitAndTheOthersValuesCounted() {
        ScalarBook book = new ScalarBook(2, 100);

        assertThat(book.add("loss", 1, 0.5)).isTrue();
        assertThat(book.add("acc", 1, 0.1)).isTrue();
        assertThat(book.add("lr", 1, 0.01)).isFalse();
        assertThat(book.add("loss", 2, 0.4)).isTrue();
        assertThat(book.add("\u001bx", 2, 1)).isFalse();

        assertThat(book.latest()).containsOnlyKeys("loss", "acc").containsEntry("loss", 0.4);
        assertThat(book.pending()).extracting(ScalarPoint::tag).containsExactly("loss", "acc", "loss");
        assertThat(book.takeDropped()).isEqualTo(2);
        assertThat(book.takeDropped()).isZero();
    }

    @Test
    void pendingPointsStayBoundedWhileNothingIsPublished() {
        ScalarBook book = new ScalarBook(64, 1000);
        for (int step = 0; step < 2_000; step++) {
            for (int tag = 0; tag < 64; tag++) {
                book.add("t" + tag, step, step);
            }
            assertThat(book.pending().size()).isLessThanOrEqualTo(1000);
        }
        assertThat(book.pending()).extracting(ScalarPoint::tag).contains("t0", "t63");
    }

    @Test
    void publishedPointsAreForgottenAndLaterOnesKept() {
        ScalarBook book = new ScalarBook(64, 100);
        book.add("loss", 1, 0.5);
        book.add("loss", 2, 0.4);
        book.add("loss", 3, 0.3);

        book.published(2);

        assertThat(book.pending()).containsExactly(new ScalarPoint("loss", 3, 0.3));
    }
}
