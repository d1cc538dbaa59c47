package io.mesoflow.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TaskLayoutTest {
    private static JobSpec spec(Map<String, RoleSpec> roles, boolean tensorboard) {
        return new JobSpec("j", "t", 0, "file:///a.py", "python3 a.py", null, "/out", roles,
                null, null, null, null, null, null, tensorboard);
    }

    @Test
    void listsTasksChiefFirstThenPsWorkersGpuWorkersEvaluatorTensorboard() {
        JobSpec spec = spec(Map.of("worker", RoleSpec.of(2, 1, 256, 0), "ps", RoleSpec.of(1, 1, 256, 0),
                "gpu_worker", RoleSpec.of(1, 1, 256, 1), "chief", RoleSpec.of(1, 1, 256, 0),
                "evaluator", RoleSpec.of(1, 1, 256, 0)), true);

        assertThat(TaskLayout.tasksOf(spec)).extracting(TaskName::toString).containsExactly(
                "chief-0", "ps-0", "worker-0", "worker-1", "gpu_worker-0", "evaluator-0", "tensorboard-0");
    }

    @Test
    void successTaskIsChiefThenWorkerZeroThenGpuWorkerZero() {
        assertThat(TaskLayout.successTask(spec(Map.of("chief", RoleSpec.of(1, 1, 1, 0),
                "worker", RoleSpec.of(2, 1, 1, 0)), false))).hasToString("chief-0");
        assertThat(TaskLayout.successTask(spec(Map.of("worker", RoleSpec.of(2, 1, 1, 0)), false)))
                .hasToString("worker-0");
        assertThat(TaskLayout.successTask(spec(Map.of("gpu_worker", RoleSpec.of(2, 1, 1, 1)), false)))
                .hasToString("gpu_worker-0");
    }

    @Test
    void parsesTaskNamesWithUnderscoredRoles() {
        assertThat(TaskName.parse("gpu_worker-12")).isEqualTo(new TaskName(Role.GPU_WORKER, 12));
    }

    @Test
    void taskIdNamesJobTaskAndAttempt() {
        assertThat(TaskLayout.taskId("job-7", "ps-1", 3)).isEqualTo("job-7.ps-1.3");
    }
}
