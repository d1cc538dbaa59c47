package io.mesoflow.api.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesoflow.api.service.BudgetThreshold.Crossing;
import io.mesoflow.events.BudgetPolicy;
import org.junit.jupiter.api.Test;

class BudgetThresholdTest {
    @Test
    void aCrossingIsReachedOnceAndClearedWhenUsageDropsBackUnder() {
        assertThat(BudgetThreshold.crossing(false, 8.9, 10.0, 0.9)).isEqualTo(Crossing.NONE);
        assertThat(BudgetThreshold.crossing(false, 9.0, 10.0, 0.9)).isEqualTo(Crossing.REACHED);
        assertThat(BudgetThreshold.crossing(true, 9.5, 10.0, 0.9)).isEqualTo(Crossing.NONE);
        assertThat(BudgetThreshold.crossing(true, 4.0, 10.0, 0.9)).isEqualTo(Crossing.CLEARED);
        assertThat(BudgetThreshold.crossing(false, 100, null, 0.9)).as("no budget").isEqualTo(Crossing.NONE);
        assertThat(BudgetThreshold.crossing(false, 0, 0.0, 0.9)).as("a zero budget").isEqualTo(Crossing.NONE);
    }

    @Test
    void theNoticeSaysHowMuchIsUsedAndWhatTheTeamsPolicyWillDo() {
        assertThat(BudgetThreshold.notice(9.2, 10.0, 0.9, BudgetPolicy.SUSPEND))
                .isEqualTo("92 % of the GPU-hour budget used; running GPU jobs are suspended when it is spent");
        assertThat(BudgetThreshold.notice(9.2, 10.0, 0.9, BudgetPolicy.FINISH_RUNNING))
                .isEqualTo("92 % of the GPU-hour budget used; new GPU jobs wait when it is spent; running ones finish");
        assertThat(BudgetThreshold.notice(10.5, 10.0, 0.9, BudgetPolicy.SUSPEND))
                .isEqualTo("105 % of the GPU-hour budget used; running GPU jobs are suspended now that it is spent");
        assertThat(BudgetThreshold.notice(8.0, 10.0, 0.9, BudgetPolicy.SUSPEND)).isNull();
    }
}
