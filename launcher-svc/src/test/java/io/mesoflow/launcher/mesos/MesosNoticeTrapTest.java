package io.mesoflow.launcher.mesos;

import static io.mesoflow.launcher.task.TaskEnvironments.JOB_ID;
import static org.assertj.core.api.Assertions.assertThat;

import io.mesoflow.launcher.task.EnvironmentDumps;
import io.mesoflow.launcher.task.PreemptionNotice;
import io.mesoflow.launcher.task.TaskEnvironments;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.v1.Protos;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Mesos task's command, run as an agent runs it ({@code /bin/sh -c} leading its own process group),
 * writes the preemption notice when SIGTERM comes, while the entry point runs, and passes SIGTERM on;
 * the task's exit status stays its entry point's.
 */
class MesosNoticeTrapTest {
    /** On SIGTERM: copies the notice (waiting up to 2 s for it), takes 0.5 s, exits 0. */
    static final String GRACEFUL = "sh -c 'trap \"for i in 1 2 3 4 5 6 7 8 9 10; do [ -e \\\"$MESOFLOW_PREEMPTION_NOTICE\\\" ]"
            + " && break; sleep 0.2; done; cat \\\"$MESOFLOW_PREEMPTION_NOTICE\\\" > seen; sleep 0.5; exit 0\" TERM; "
            + "echo started > started; sleep 60 & wait'";

    @TempDir
    Path sandbox;

    Process run(String entryPoint) throws Exception {
        Protos.TaskInfo info = EnvironmentDumps.taskInfo(JOB_ID, TaskEnvironments.worker1("https://a/t.zip", entryPoint));
        ProcessBuilder builder = new ProcessBuilder("setsid", "/bin/sh", "-c", info.getCommand().getValue())
                .directory(sandbox.toFile()).redirectErrorStream(true)
                .redirectOutput(sandbox.resolve("stdout").toFile());
        builder.environment().clear();
        builder.environment().put("PATH", System.getenv("PATH"));
        builder.environment().put("MESOS_SANDBOX", sandbox.toString());
        info.getCommand().getEnvironment().getVariablesList()
                .forEach(v -> builder.environment().put(v.getName(), v.getValue()));
        Process p = builder.start();
        for (int i = 0; i < 100 && !Files.exists(sandbox.resolve("started")); i++) {
            Thread.sleep(20);
        }
        Thread.sleep(200);
        return p;
    }

    @Test
    void aSigtermToTheCommandAloneReachesTheEntryPointWithTheNoticeWrittenAndItsExitStatusIsKept() throws Exception {
        Process p = run(GRACEFUL);

        p.toHandle().destroy(); // SIGTERM to the first process only, as the DEFAULT executor sends it

        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(sandbox.resolve("stdout"))).isZero();
        assertThat(Files.readString(sandbox.resolve("seen"))).isEqualTo(MesosTaskCommand.MESOS_NOTICE + "\n");
        assertThat(sandbox.resolve(PreemptionNotice.FILE + ".tmp")).doesNotExist();
    }

    @Test
    void aSigtermToTheWholeGroupEndsTheTaskAsItsEntryPointEnds() throws Exception {
        Process p = run(GRACEFUL);

        new ProcessBuilder("kill", "-TERM", "--", "-" + p.pid()).start().waitFor();

        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        assertThat(Files.readString(sandbox.resolve("seen"))).contains("\"reason\": \"SIGTERM from the Mesos agent\"");
    }

    @Test
    void anEntryPointThatDoesNotHandleSigtermDiesOfItAndTheTaskWithIt() throws Exception {
        Process p = run("echo started > started; sleep 60");

        p.toHandle().destroy();

        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(143);
        assertThat(sandbox.resolve(PreemptionNotice.FILE)).exists();
    }

    @Test
    void withoutAKillTheTaskExitsWithItsEntryPointsStatus() throws Exception {
        Process p = run("echo started > started; exit 3");

        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(3);
        assertThat(sandbox.resolve(PreemptionNotice.FILE)).doesNotExist();
    }
}
