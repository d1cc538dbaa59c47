package io.mesoflow.launcher.progress;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesoflow.events.TaskState;
import io.mesoflow.events.TaskStatusChanged;
import org.junit.jupiter.api.Test;

class RunningTasksTest {
    RunningTasks tasks = new RunningTasks();

    void report(String task, int attempt, TaskState state) {
        tasks.reported(TaskStatusChanged.of("job", task, attempt, "job." + task + "." + attempt, state)
                .withSandbox("/sb/" + task + "/" + attempt, null));
    }

    @Test
    void theChiefReportsWhileItsLatestAttemptRuns() {
        report("ps-0", 0, TaskState.RUNNING);
        report("worker-0", 0, TaskState.RUNNING);
        report("chief-0", 0, TaskState.STAGING);
        assertThat(tasks.reporting("job")).isEmpty();

        report("chief-0", 0, TaskState.RUNNING);
        assertThat(tasks.reporting("job")).map(RunningTasks.Seen::sandbox).contains("/sb/chief-0/0");

        report("chief-0", 0, TaskState.FAILED);
        report("chief-0", 1, TaskState.RUNNING);
        report("chief-0", 0, TaskState.KILLED); // late news of the old attempt
        assertThat(tasks.reporting("job")).map(RunningTasks.Seen::attempt).contains(1);
    }

    @Test
    void aJobIsForgottenOnceNoneOfItsTasksIsActive() {
        report("worker-0", 0, TaskState.RUNNING);
        report("ps-0", 0, TaskState.RUNNING);
        report("worker-0", 0, TaskState.FINISHED);
        assertThat(tasks.jobs()).containsExactly("job");

        report("ps-0", 0, TaskState.KILLED);
        assertThat(tasks.jobs()).isEmpty();
    }

    @Test
    void theReportingTaskEndingAfterRunningIsKeptForOneLastRead() {
        report("ps-0", 0, TaskState.RUNNING);
        report("chief-0", 0, TaskState.STAGING);
        report("chief-0", 0, TaskState.FAILED); // never ran: nothing to read
        assertThat(tasks.takeLastReads()).isEmpty();

        report("chief-0", 1, TaskState.RUNNING);
        report("ps-0", 0, TaskState.FINISHED); // not the reporting task
        report("chief-0", 1, TaskState.FINISHED);
        assertThat(tasks.jobs()).isEmpty();
        assertThat(tasks.takeLastReads()).containsOnlyKeys("job").extractingByKey("job")
                .extracting(RunningTasks.Seen::attempt, RunningTasks.Seen::sandbox).containsExactly(1, "/sb/chief-0/1");
        assertThat(tasks.takeLastReads()).as("taken once").isEmpty();
    }
}
