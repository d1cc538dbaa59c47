package io.mesoflow.launcher.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** docs/job-spec.md's table of a task's variables is exactly what {@link TaskEnvironment} builds. */
class TaskEnvironmentDocTest {
    @Test
    void theDocListsEveryVariableTaskEnvironmentBuildsAndNoOther() throws Exception {
        Set<String> built = TaskEnvironment.of(TaskEnvironments.JOB_ID, TaskEnvironments.worker1())
                .withVisibleGpus(Set.of(0)).resolve("/sandbox").keySet();

        assertThat(DocumentedVariables.read().names(2, true)).containsExactlyInAnyOrderElementsOf(built);
    }

    @Test
    void onlyTheGpuIdsAreBackendSpecific() throws Exception {
        assertThat(DocumentedVariables.read().variables()).filteredOn(DocumentedVariables.Variable::backendSpecific)
                .extracting(DocumentedVariables.Variable::name).containsExactly("CUDA_VISIBLE_DEVICES");
    }
}
