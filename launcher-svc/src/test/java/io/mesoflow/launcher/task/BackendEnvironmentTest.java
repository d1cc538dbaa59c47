package io.mesoflow.launcher.task;

import static io.mesoflow.launcher.task.TaskEnvironments.JOB_ID;
import static io.mesoflow.launcher.task.TaskEnvironments.golden;
import static org.assertj.core.api.Assertions.assertThat;

import io.mesoflow.events.TaskPlacement;
import io.mesoflow.launcher.local.ResourcePool;
import io.mesoflow.launcher.local.TaskProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local and the Mesos backend run the same placement with the same variables and sandbox files,
 * the golden ones (golden/task-environment), each task run for real and its environment read back.
 */
class BackendEnvironmentTest {
    @TempDir
    Path dir;

    TaskPlacement task() throws Exception {
        Path artifact = Files.writeString(dir.resolve("train.py"), "print('hi')\n");
        return TaskEnvironments.worker1(artifact.toUri().toString(), EnvironmentDumps.ENTRY_POINT);
    }

    /** Runs the task on the local backend with GPUs 0 and 2; what it saw. */
    Map<String, String> runLocally(Path sandbox) throws Exception {
        Process p = TaskProcess.start(JOB_ID, task(), sandbox, new ResourcePool.Slice(0.1, 64, 0,
                new TreeSet<>(List.of(0, 2)), new TreeSet<>(List.of(31001, 31007))), List.of());
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(sandbox.resolve("stderr"))).isZero();
        return EnvironmentDumps.read(sandbox);
    }

    Map<String, String> runOnMesos(Path sandbox) throws Exception {
        Files.createDirectories(sandbox);
        return EnvironmentDumps.runOnMesos(EnvironmentDumps.taskInfo(JOB_ID, task()), sandbox);
    }

    @Test
    void bothBackendsGiveATaskTheGoldenVariablesButTheGpuIds() throws Exception {
        Map<String, String> local = new HashMap<>(runLocally(dir.resolve("local")));
        Map<String, String> mesos = runOnMesos(dir.resolve("mesos"));

        local.remove("CUDA_VISIBLE_DEVICES");
        assertThat(local).containsExactlyInAnyOrderEntriesOf(golden("variables"));
        assertThat(mesos).containsExactlyInAnyOrderEntriesOf(golden("variables"));
    }

    @Test
    void bothBackendsWriteTheGoldenFilesAndTheTmpFolderInTheSandbox() throws Exception {
        Path local = dir.resolve("local");
        Path mesos = dir.resolve("mesos");
        runLocally(local);
        runOnMesos(mesos);

        Map<String, String> golden = golden("files");
        assertThat(EnvironmentDumps.files(local, golden.keySet())).containsExactlyEntriesOf(golden);
        assertThat(EnvironmentDumps.files(mesos, golden.keySet())).containsExactlyEntriesOf(golden);
        assertThat(local.resolve(TaskEnvironment.TMP_DIR)).isDirectory();
        assertThat(mesos.resolve(TaskEnvironment.TMP_DIR)).isDirectory();
    }

    @Test
    void theLocalBackendNamesTheGpusItGaveTheTask() throws Exception {
        assertThat(runLocally(dir.resolve("local"))).containsEntry("CUDA_VISIBLE_DEVICES", "0,2");
    }
}
