package io.mesoflow.api.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesoflow.events.JobState;
import io.mesoflow.events.TaskState;
import java.time.Instant;
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

    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

    private static Instant t(int seconds) {
        return T0.plusSeconds(seconds);
    }

    /** current state, cycleAt (seconds; -1: never suspended), next state, its time, accepted. */
    record Row(JobState current, int cycleAt, JobState next, int at, boolean accepted) {
    }

    @Test
    void aJobMovesThroughSuspendAndResumeAndALateStatusNeverUndoesANewerOne() {
        Row[] table = {
                new Row(JobState.RUNNING, -1, JobState.SUSPENDING, 10, true),
                new Row(JobState.RUNNING, -1, JobState.QUEUED, 10, false),
                new Row(JobState.QUEUED, -1, JobState.SUSPENDED, 10, true),
                new Row(JobState.SUSPENDING, 10, JobState.SUSPENDED, 20, true),
                new Row(JobState.SUSPENDING, 10, JobState.RUNNING, 5, false),
                new Row(JobState.SUSPENDED, 20, JobState.SUSPENDING, 10, false),
                new Row(JobState.SUSPENDED, 20, JobState.RUNNING, 15, false),
                new Row(JobState.SUSPENDED, 20, JobState.QUEUED, 30, true),
                new Row(JobState.SUSPENDED, 20, JobState.QUEUED, 20, true),
                new Row(JobState.SUSPENDED, 20, JobState.SUBMITTED, 30, false),
                new Row(JobState.QUEUED, 30, JobState.SUSPENDED, 20, false),
                new Row(JobState.QUEUED, 30, JobState.PLACED, 40, true),
                new Row(JobState.RUNNING, 30, JobState.PLACED, 50, false),
                new Row(JobState.RUNNING, 30, JobState.SUSPENDING, 60, true),
                new Row(JobState.RUNNING, 30, JobState.SUSPENDING, 25, false),
                new Row(JobState.SUSPENDED, 20, JobState.CANCELLED, 5, true),
                new Row(JobState.SUSPENDING, 10, JobState.FAILED, 11, true),
                new Row(JobState.CANCELLED, 20, JobState.QUEUED, 30, false),
        };
        for (Row row : table) {
            assertThat(JobStateRules.jobAccepts(row.current(), row.cycleAt() < 0 ? null : t(row.cycleAt()),
                    row.next(), t(row.at()))).as(row.toString()).isEqualTo(row.accepted());
        }
    }

    @Test
    void aJobAUserSuspendedLeavesItsSuspensionOnlyOnceAResumeWasAsked() {
        // placement's QUEUED, sent before it heard of the suspend, reaches job-api after SUSPENDED
        assertThat(JobStateRules.jobAccepts(JobState.SUSPENDED, t(20), JobState.QUEUED, t(21), true)).isFalse();
        assertThat(JobStateRules.jobAccepts(JobState.SUSPENDING, t(20), JobState.RUNNING, t(21), true)).isFalse();
        assertThat(JobStateRules.jobAccepts(JobState.SUSPENDED, t(20), JobState.QUEUED, t(21), false)).isTrue();
        assertThat(JobStateRules.jobAccepts(JobState.SUSPENDED, t(20), JobState.CANCELLED, t(21), true)).isTrue();
        assertThat(JobStateRules.jobAccepts(JobState.SUSPENDING, t(20), JobState.SUSPENDED, t(21), true)).isTrue();
    }

    @Test
    void enteringOrLeavingASuspensionIsABoundaryButMovesInsideOneAreNot() {
        assertThat(JobStateRules.isBoundary(JobState.RUNNING, JobState.SUSPENDING)).isTrue();
        assertThat(JobStateRules.isBoundary(JobState.QUEUED, JobState.SUSPENDED)).isTrue();
        assertThat(JobStateRules.isBoundary(JobState.SUSPENDED, JobState.QUEUED)).isTrue();
        assertThat(JobStateRules.isBoundary(JobState.SUSPENDING, JobState.SUSPENDED)).isFalse();
        assertThat(JobStateRules.isBoundary(JobState.QUEUED, JobState.PLACED)).isFalse();
        assertThat(JobStateRules.isBoundary(JobState.SUSPENDED, JobState.CANCELLED)).isFalse();
    }

    @Test
    void withoutASuspensionTheOldForwardOnlyRuleHolds() {
        assertThat(JobStateRules.jobAccepts(JobState.PLACED, JobState.QUEUED)).isFalse();
        assertThat(JobStateRules.jobAccepts(JobState.PLACED, JobState.RUNNING)).isTrue();
        assertThat(JobStateRules.jobAccepts(JobState.SUCCEEDED, JobState.RUNNING)).isFalse();
    }
}
