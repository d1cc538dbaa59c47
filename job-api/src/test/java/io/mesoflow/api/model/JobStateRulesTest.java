package io.mesoflow.api.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesoflow.events.TaskState;
import org.junit.jupiter.api.Test;

class JobStateRulesTest {
    @Test
    void aRunningAttemptTakesTheReadinessItsStatusReports() {
        assertThat(JobStateRules.readiness(null, TaskState.RUNNING, false)).isFalse();
        assertThat(JobStateRules.readiness(false, TaskState.RUNNING, true)).isTrue();
    }

    @Test
    void aRunningStatusThatSaysNothingOfReadinessKeepsWhatWasKnown() {
        assertThat(JobStateRules.readiness(true, TaskState.RUNNING, null)).isTrue();
        assertThat(JobStateRules.readiness(null, TaskState.RUNNING, null)).isNull();
    }

    @Test
    void readinessIsResetWhenTheAttemptNoLongerRuns() {
        for (TaskState state : new TaskState[] {TaskState.KILLING, TaskState.KILLED, TaskState.FINISHED,
                TaskState.FAILED, TaskState.LOST, TaskState.STAGING}) {
            assertThat(JobStateRules.readiness(true, state, true)).as(state.name()).isNull();
        }
    }

    @Test
    void aRunningAttemptIsUpdatedByAnotherRunningStatusButNeverLeavesAnEnd() {
        assertThat(JobStateRules.taskAccepts(TaskState.RUNNING, TaskState.RUNNING)).isTrue();
        assertThat(JobStateRules.taskAccepts(TaskState.KILLED, TaskState.RUNNING)).isFalse();
    }
}
