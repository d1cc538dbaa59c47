package io.mesoflow.placement.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QueuePositionNoticeTest {
    /** said: the position last said (-1: none yet). */
    @ParameterizedTest(name = "{3}")
    @CsvSource({
            "-1,  300, true,  a job's first position is said",
            "5,   5,   false, an unchanged position is not said again",
            "5,   4,   true,  among the first ten every move is said",
            "11,  10,  true,  reaching the first ten is said",
            "10,  11,  true,  a job pushed out of the first ten says so",
            "300, 299, false, a move of one far back is not said",
            "300, 271, false, nor one under a tenth",
            "300, 270, true,  a tenth is said",
            "300, 331, true,  pushed back by a tenth too",
            "20,  18,  true,  a tenth of 20 is 2",
            "20,  19,  false, one place at 20 is not"})
    void sayingAPositionAgain(int said, int position, boolean worth, String what) {
        assertThat(QueuePositionNotice.worthSaying(said < 0 ? null : said, position)).isEqualTo(worth);
    }

    @Test
    void aQueueDrainingSaysLogarithmicallyManyPositionsPerJob() {
        Integer said = null;
        int statuses = 0;
        for (int position = 1000; position >= 1; position--) {
            if (QueuePositionNotice.worthSaying(said, position)) {
                said = position;
                statuses++;
            }
        }
        assertThat(said).isEqualTo(1);
        assertThat(statuses).isLessThan(80); // not 1000
    }
}
