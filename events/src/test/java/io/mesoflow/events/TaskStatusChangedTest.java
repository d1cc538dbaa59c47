package io.mesoflow.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The factories build the same status as the fifteen positional fields. */
class TaskStatusChangedTest {
    static final Instant T = Instant.parse("2026-11-24T10:00:00Z");

    @Test
    void ofAndWithBuildEveryField() {
        Resources resources = new Resources(1, 256, 0, 1);
        TaskStatusChanged built = TaskStatusChanged.of("job", "worker-1", 2, "job.worker-1.2", TaskState.FAILED)
                .withReason("REASON_COMMAND_EXECUTOR_FAILED", "exited")
                .withExitCode(3)
                .onAgent("agent-1", "h1", List.of(31000))
                .withResources(resources)
                .withSandbox("/sandbox", "http://agent:5051")
                .at(T);

        assertThat(built).isEqualTo(new TaskStatusChanged("job", "worker-1", 2, "job.worker-1.2", TaskState.FAILED,
                "REASON_COMMAND_EXECUTOR_FAILED", "exited", 3, "agent-1", "h1", List.of(31000), "/sandbox", resources,
                T, "http://agent:5051"));
    }

    @Test
    void aTaskNameGivesTheUsualTaskIdAndComesBackTyped() {
        TaskStatusChanged status = TaskStatusChanged.of("job", new TaskName(Role.PS, 0), 1, TaskState.RUNNING).at(T);

        assertThat(status.taskName()).isEqualTo("ps-0");
        assertThat(status.taskId()).isEqualTo("job.ps-0.1");
        assertThat(status.task()).isEqualTo(new TaskName(Role.PS, 0));
        assertThat(status.ports()).isEmpty();
    }

    @Test
    void placedAsTakesTheAgentPortsAndResourcesOfAPlacement() {
        Resources resources = new Resources(2, 512, 0, 0);
        TaskPlacement placement = new TaskPlacement("worker-0", 0, "agent-2", "h2", List.of("o1"), resources,
                List.of(31001), SampleValues.sample(LaunchSpec.class));

        TaskStatusChanged status = TaskStatusChanged.of("job", "worker-0", 0, "job.worker-0.0", TaskState.ERROR)
                .placedAs(placement);

        assertThat(status.agentId()).isEqualTo("agent-2");
        assertThat(status.hostname()).isEqualTo("h2");
        assertThat(status.ports()).containsExactly(31001);
        assertThat(status.resources()).isEqualTo(resources);
    }

    @Test
    void theTypedTaskIsNotOnTheWire() {
        assertThat(EventCodec.mapper().valueToTree(TaskStatusChanged.of("j", "worker-0", 0, "t", TaskState.RUNNING))
                .has("task")).isFalse();
    }
}
