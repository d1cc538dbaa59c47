package io.mesoflow.launcher.task;

import static io.mesoflow.launcher.task.TaskEnvironments.JOB_ID;
import static io.mesoflow.launcher.task.TaskEnvironments.SANDBOX;
import static io.mesoflow.launcher.task.TaskEnvironments.golden;
import static io.mesoflow.launcher.task.TaskEnvironments.worker1;
import static org.assertj.core.api.Assertions.assertThat;

import io.mesoflow.events.LaunchSpec;
import io.mesoflow.events.TaskPlacement;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What a task gets, golden: src/test/resources/golden/task-environment. */
class TaskEnvironmentTest {
    static TaskPlacement withLaunch(LaunchSpec launch) {
        TaskPlacement task = worker1();
        return new TaskPlacement(task.taskName(), task.attempt(), task.agentId(), task.hostname(), task.offerIds(),
                task.resources(), task.ports(), launch);
    }

    static LaunchSpec launch(Map<String, String> env, io.mesoflow.events.TfConfig tfConfig) {
        return new LaunchSpec("https://a/t.zip", "true", Map.of(), "/out", env, List.of(), null, tfConfig);
    }

    @Test
    void aTaskGetsTheGoldenVariablesWithItsSandboxPathsResolved() throws Exception {
        assertThat(TaskEnvironment.of(JOB_ID, worker1()).resolve(SANDBOX))
                .containsExactlyEntriesOf(golden("variables"));
    }

    @Test
    void itsSandboxFilesAreCopiesOfTheContextAndTfConfig() throws Exception {
        assertThat(TaskEnvironment.of(JOB_ID, worker1()).fileContents()).containsExactlyEntriesOf(golden("files"));
    }

    @Test
    void gpuIdsAreOnlyThereWhenTheBackendPicksThem() {
        TaskEnvironment environment = TaskEnvironment.of(JOB_ID, worker1());

        assertThat(environment.variables()).doesNotContainKey("CUDA_VISIBLE_DEVICES");
        assertThat(environment.withVisibleGpus(Set.of(3, 1)).variables()).containsEntry("CUDA_VISIBLE_DEVICES", "1,3");
        assertThat(environment.withVisibleGpus(Set.of()).variables()).containsEntry("CUDA_VISIBLE_DEVICES", "");
    }

    @Test
    void aLaunchFromBeforeTheTypedTfConfigKeepsTheOneInItsEnvAndItsExtraVariables() {
        TaskEnvironment environment = TaskEnvironment.of(JOB_ID, withLaunch(launch(Map.of("TF_CONFIG", "{}",
                "MESOFLOW_TASK", "worker-1", "OUT", "/out"), null)));

        assertThat(environment.variables()).containsEntry("TF_CONFIG", "{}").containsEntry("OUT", "/out")
                .containsEntry("MESOFLOW_TASK", "worker-1");
        assertThat(environment.fileContents()).containsEntry(TaskEnvironment.TF_CONFIG_FILE, "{}");
    }

    @Test
    void whatTheLauncherBuildsReplacesAnOldLaunchsVariables() {
        TaskEnvironment environment = TaskEnvironment.of(JOB_ID, withLaunch(launch(Map.of("TF_CONFIG", "{}",
                "MESOFLOW_ATTEMPT", "0", "MESOFLOW_SANDBOX", "/elsewhere"), TaskEnvironments.tfConfig())));

        assertThat(environment.variables()).containsEntry("TF_CONFIG", TaskEnvironments.tfConfig().toJson())
                .containsEntry("MESOFLOW_ATTEMPT", "2").doesNotContainKey("MESOFLOW_SANDBOX");
        assertThat(environment.resolve("/sb")).containsEntry("MESOFLOW_SANDBOX", "/sb");
    }

    @Test
    void aTaskWithoutTfConfigGetsNeitherTheVariableNorTheFile() {
        TaskEnvironment environment = TaskEnvironment.of(JOB_ID, withLaunch(launch(Map.of(), null)));

        assertThat(environment.variables()).doesNotContainKey("TF_CONFIG");
        assertThat(environment.files()).containsOnlyKeys(TaskEnvironment.CONTEXT_FILE);
    }
}
