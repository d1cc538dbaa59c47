package io.mesoflow.launcher.mesos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mesoflow.events.TaskState;
import io.mesoflow.events.TaskStatusChanged;
import io.mesoflow.launcher.store.StatusReporter;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.v1.Protos;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A run's failure is published with its stderr read from the agent, in its place in the run, before
 * the run returns; a launcher that is no longer the leader fails the run, so none of it is acknowledged.
 */
class UpdateReportsTest {
    final List<String> published = new CopyOnWriteArrayList<>();
    final CompletableFuture<String> agentAnswers = new CompletableFuture<>();
    volatile boolean brokerDown;
    volatile boolean leader = true;
    final ExecutorService caller = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() {
        caller.shutdownNow();
    }

    UpdateReports reports() {
        UpdateReports reports = new UpdateReports() {
            @Override
            CompletableFuture<String> stderrTail(String agentUrl, String path) {
                return agentAnswers;
            }
        };
        reports.reporter = new StatusReporter() {
            @Override
            public boolean acting() {
                return leader;
            }

            @Override
            public void tasks(List<TaskStatusChanged> statuses) {
                if (brokerDown) {
                    throw new IllegalStateException("broker down");
                }
                if (leader) {
                    statuses.forEach(s -> published.add(s.taskId() + " " + s.state() + " " + s.message()));
                }
            }
        };
        return reports;
    }

    @Test
    void aRunWithAFailureIsPublishedInOrderWithTheFailuresStderrBeforeItReturns() throws Exception {
        UpdateReports reports = reports();
        Future<?> run = caller.submit(() -> reports.publishAll(List.of(update("t1", TaskState.RUNNING, null),
                update("t2", TaskState.FAILED, "/agent"), update("t3", TaskState.RUNNING, null))));

        Thread.sleep(200);
        assertThat(run).as("still reading t2's stderr").isNotDone();
        assertThat(published).as("nothing goes before t2's stderr is read").isEmpty();

        agentAnswers.complete("Traceback: boom");
        run.get(5, TimeUnit.SECONDS);
        assertThat(published).hasSize(3);
        assertThat(published.get(0)).startsWith("t1 RUNNING");
        assertThat(published.get(1)).startsWith("t2 FAILED").contains("exited with code 1").contains("Traceback: boom");
        assertThat(published.get(2)).startsWith("t3 RUNNING");
    }

    @Test
    void aLauncherThatIsNoLongerTheLeaderFailsTheRunItCouldNotPublish() {
        UpdateReports reports = reports();
        leader = false;

        assertThatThrownBy(() -> reports.publishAll(List.of(update("t1", TaskState.RUNNING, null))))
                .hasMessageContaining("not the acting leader");
        assertThat(published).isEmpty();
    }

    @Test
    void aFailureThatCouldNotBePublishedFailsTheRunSoNothingIsAcknowledged() {
        UpdateReports reports = reports();
        brokerDown = true;
        agentAnswers.complete("");

        assertThatThrownBy(() -> reports.publishAll(List.of(update("t2", TaskState.FAILED, "/agent"))))
                .hasMessage("broker down");
    }

    static UpdateReports.Update update(String taskId, TaskState state, String sandbox) {
        Protos.TaskStatus status = Protos.TaskStatus.newBuilder()
                .setTaskId(Protos.TaskID.newBuilder().setValue(taskId))
                .setState(state == TaskState.FAILED ? Protos.TaskState.TASK_FAILED : Protos.TaskState.TASK_RUNNING)
                .build();
        TaskStatusChanged event = new TaskStatusChanged("job", "worker-0", 0, taskId, state, null,
                state == TaskState.FAILED ? "exited with code 1" : null, state == TaskState.FAILED ? 1 : null,
                "a1", "host", List.of(), sandbox, null, Instant.EPOCH, sandbox == null ? null : "http://agent:5051", null);
        return new UpdateReports.Update(status, event);
    }
}
