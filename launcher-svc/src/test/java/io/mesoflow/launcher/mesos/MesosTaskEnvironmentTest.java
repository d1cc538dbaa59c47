package io.mesoflow.launcher.mesos;

import static io.mesoflow.launcher.task.TaskEnvironments.JOB_ID;
import static org.assertj.core.api.Assertions.assertThat;

import io.mesoflow.launcher.task.DocumentedVariables;
import io.mesoflow.launcher.task.EnvironmentDumps;
import io.mesoflow.launcher.task.TaskEnvironments;
import java.nio.file.Path;
import java.util.List;
import org.apache.mesos.v1.Protos;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A Mesos task gets every variable docs/job-spec.md lists, though its sandbox is known only when it runs. */
class MesosTaskEnvironmentTest {
    @TempDir
    Path sandbox;

    @Test
    void aTaskInfoCarriesEveryVariableTheDocListsButTheAgentsGpuIds() throws Exception {
        Protos.TaskInfo info = EnvironmentDumps.taskInfo(JOB_ID, TaskEnvironments.worker1("https://a/t.zip",
                EnvironmentDumps.ENTRY_POINT));

        assertThat(EnvironmentDumps.runOnMesos(info, sandbox).keySet())
                .containsAll(DocumentedVariables.read().names(2, false))
                .doesNotContain("CUDA_VISIBLE_DEVICES");
    }

    @Test
    void theSandboxVariablesAreSetByTheCommandSinceOnlyTheRunningTaskKnowsItsSandbox() {
        Protos.TaskInfo info = EnvironmentDumps.taskInfo(JOB_ID, TaskEnvironments.worker1());

        assertThat(info.getCommand().getEnvironment().getVariablesList())
                .extracting(Protos.Environment.Variable::getName)
                .doesNotContain("MESOFLOW_SANDBOX", "MESOFLOW_JOB_CONTEXT_FILE", "TMPDIR")
                .contains("TF_CONFIG", "MESOFLOW_ATTEMPT", "MESOFLOW_JOB_CONTEXT", "PORT1");
        assertThat(info.getCommand().getValue())
                .startsWith("export MESOFLOW_SANDBOX=\"$MESOS_SANDBOX\" ")
                .contains("python3 train.py\n} & ");
    }

    @Test
    void aMissingSecretFileFailsTheTaskBeforeItsSandboxIsPrepared() {
        Protos.TaskInfo info = MesosCalls.taskInfo(JOB_ID, TaskEnvironments.worker1(), "ml",
                List.of(new MesosCalls.SecretValue(null, "keys/k", "v".getBytes())), null);

        assertThat(info.getCommand().getValue()).startsWith("for f in 'keys/k'; do")
                .containsSubsequence("exit 78", "export MESOFLOW_SANDBOX=", "python3 train.py");
    }
}
