package io.mesoflow.launcher.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mesoflow.events.LaunchSpec;
import io.mesoflow.events.Resources;
import io.mesoflow.events.TaskPlacement;
import io.mesoflow.launcher.secrets.TaskSecret;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How an opened secret reaches a task: a 0400 file in its sandbox, or an environment variable. */
class TaskProcessSecretsTest {
    @TempDir
    Path sandbox;

    @TempDir
    Path artifacts;

    Process start(String entryPoint, List<TaskSecret> secrets) throws Exception {
        Path script = Files.writeString(artifacts.resolve("t.sh"), "true\n");
        TaskPlacement task = new TaskPlacement("worker-0", 0, "local", "127.0.0.1", List.of("o"),
                new Resources(0.1, 16, 0, 0), List.of(31000), new LaunchSpec(script.toUri().toString(), entryPoint,
                Map.of(), null, Map.of(), List.of()));
        return TaskProcess.start("job-1", task, sandbox,
                new ResourcePool.Slice(0.1, 16, 0, new TreeSet<>(), new TreeSet<>()),
                secrets);
    }

    @Test
    void aFileSecretIsWrittenInTheSandboxReadOnlyForItsOwner() throws Exception {
        Process p = start("true", List.of(new TaskSecret(null, "keys/krb5.keytab", "keytab-value")));
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();

        Path file = sandbox.resolve("keys/krb5.keytab");
        assertThat(Files.readString(file)).isEqualTo("keytab-value");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("r--------");
    }

    @Test
    void anEnvSecretIsInTheTasksEnvironment() throws Exception {
        Process p = start("test \"$GCS_KEY\" = env-value && echo matched", List.of(new TaskSecret("GCS_KEY", null,
                "env-value")));
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();

        assertThat(Files.readString(sandbox.resolve("stdout"))).isEqualTo("matched\n");
    }

    @Test
    void aSecretFileCannotLeaveTheSandbox() {
        assertThatThrownBy(() -> start("true", List.of(new TaskSecret(null, "../escape", "v"))))
                .hasMessageContaining("outside the sandbox");
    }

    @Test
    void aSecretNeverShowsInToString() {
        assertThat(new TaskSecret("GCS_KEY", null, "hidden-value").toString()).doesNotContain("hidden-value");
    }
}
