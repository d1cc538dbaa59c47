package io.mesoflow.api.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesoflow.events.TaskState;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobViewTest {
    static TaskView task(String name, TaskState state, Boolean ready, String address) {
        return new TaskView(name, 0, null, state, ready, address, "agent-1", null, null, null, null, null, null, null,
                null, null, null);
    }

    @Test
    void theTensorBoardUrlIsShownWhileItsTaskRunsAndIsReady() {
        assertThat(JobView.tensorboardUrl(List.of(task("worker-0", TaskState.RUNNING, true, "h:2222"),
                task("tensorboard-0", TaskState.RUNNING, true, "h:6006")))).isEqualTo("http://h:6006");
    }

    @Test
    void noTensorBoardUrlWhileNothingListensYet() {
        assertThat(JobView.tensorboardUrl(List.of(task("tensorboard-0", TaskState.RUNNING, false, "h:6006")))).isNull();
        assertThat(JobView.tensorboardUrl(List.of(task("tensorboard-0", TaskState.RUNNING, null, "h:6006")))).isNull();
        assertThat(JobView.tensorboardUrl(List.of(task("tensorboard-0", TaskState.STAGING, null, "h:6006")))).isNull();
    }

    @Test
    void noTensorBoardUrlOnceItsTaskEnded() {
        assertThat(JobView.tensorboardUrl(List.of(task("tensorboard-0", TaskState.KILLED, null, "h:6006")))).isNull();
        assertThat(JobView.tensorboardUrl(List.of(task("tensorboard-0", TaskState.KILLING, null, "h:6006")))).isNull();
    }

    @Test
    void aReadyWorkerIsNoTensorBoard() {
        assertThat(JobView.tensorboardUrl(List.of(task("worker-0", TaskState.RUNNING, true, "h:2222")))).isNull();
    }

    @Test
    void aStoredTfConfigIsShownAsAJsonObject() {
        assertThat(TaskView.json("{\"cluster\":{\"worker\":[\"h:1\"]},\"task\":{\"type\":\"worker\",\"index\":0}}")
                .path("task").path("type").asText()).isEqualTo("worker");
        assertThat(TaskView.json(null)).isNull();
    }
}
