package io.mesoflow.placement.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QueuePositionRuleTest {
    /** published -1: none yet. */
    @ParameterizedTest(name = "{3}")
    @CsvSource({
            "-1,  150, true,  the first position is always said",
            "7,   7,   false, unchanged: nothing to say",
            "11,  10,  true,  reaching the head: exact from here",
            "4,   3,   true,  near the head every move is said",
            "3,   12,  true,  pushed back out of the head: said",
            "150, 149, false, far back, one place forward: not worth a status",
            "150, 121, false, under a fifth of the way: not yet",
            "150, 120, true,  a fifth closer: said",
            "100, 130, true,  pushed back by a fifth or more: said",
    })
    void positionsAreExactNearTheHeadAndCoarseFurtherBack(int published, int position, boolean expected,
                                                          String why) {
        assertThat(QueuePositionRule.worthPublishing(published < 0 ? null : published, position)).as(why)
                .isEqualTo(expected);
    }

    @Test
    void aJobDrainingFromTheBackOfAThousandIsToldItsPlaceTimesLogarithmicNotLinear() {
        Integer published = null;
        int statuses = 0;
        for (int position = 1000; position >= 1; position--) {
            if (QueuePositionRule.worthPublishing(published, position)) {
                published = position;
                statuses++;
            }
        }
        assertThat(published).isEqualTo(1);
        assertThat(statuses).isBetween(20, 45);
    }
}
