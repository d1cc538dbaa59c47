package io.mesoflow.launcher.local;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A task started as another user by a root launcher (the tests run as root): {@code nobody}, which
 * every Debian host has. Its process, sandbox, secret file and new output folder are that user's.
 */
class TaskProcessAsUserTest {
    @TempDir
    Path dir;

    Path sandbox;
    Path output;
    UnixUser nobody;

    @BeforeEach
    void setUp() throws Exception {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x")); // @TempDir is 0700
        sandbox = dir.resolve("sandboxes/job-1/worker-0/0");
        output = dir.resolve("outputs/job-1");
        nobody = UnixUser.lookup("nobody").orElseThrow();
    }

    Process start(String entryPoint, String outputDir, List<TaskSecret> secrets) throws Exception {
        Path script = Files.writeString(dir.resolve("t.sh"), "true\n");
        TaskPlacement task = new TaskPlacement("worker-0", 0, "local", "127.0.0.1", List.of("o"),
                new Resources(0.1, 16, 0, 0), List.of(31000), new LaunchSpec(script.toUri().toString(), entryPoint,
                Map.of(), outputDir, outputDir == null ? Map.of() : Map.of("OUT", outputDir), List.of(), "ml"));
        Process p = TaskProcess.start("job-1", task, sandbox,
                new ResourcePool.Slice(0.1, 16, 0, new TreeSet<>(), new TreeSet<>()),
                secrets, new RunAs(nobody, "mesoflow.launcher.task-users.\"ml\""));
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        return p;
    }

    @Test
    void theTaskRunsAsTheUserWithAPathAndHomeItCanUse() throws Exception {
        Process p = start("id -u; id -g; echo \"$HOME\"; echo \"$PATH\"; echo $USER; touch in-sandbox; "
                + "echo made > \"$OUT/result.txt\"", output.toString(), List.of());

        assertThat(p.exitValue()).as(Files.readString(sandbox.resolve("stderr"))).isZero();
        assertThat(Files.readAllLines(sandbox.resolve("stdout")))
                .containsExactly("65534", String.valueOf(nobody.gid()), sandbox.toString(),
                        TaskPath.of(System.getenv("PATH"), d -> DirAccess.reachable(d, nobody)), "nobody");
        assertThat(Files.readAllLines(sandbox.resolve("stdout")).get(3)).doesNotContain("/root");
        assertThat(TaskProcess.recordedExit(sandbox)).hasValue(0);
        assertThat(owner(sandbox.resolve("in-sandbox"))).isEqualTo(65534);
    }

    @Test
    void theSandboxSecretFilesAndANewOutputFolderAreTheUsersAlone() throws Exception {
        start("cat key.txt > seen.txt", output.toString(), List.of(new TaskSecret(null, "key.txt", "v")));

        assertThat(mode(sandbox)).isEqualTo("rwx------");
        assertThat(owner(sandbox)).isEqualTo(65534);
        assertThat(mode(sandbox.resolve("key.txt"))).isEqualTo("r--------");
        assertThat(owner(sandbox.resolve("key.txt"))).isEqualTo(65534);
        assertThat(Files.readString(sandbox.resolve("seen.txt"))).isEqualTo("v");
        for (String file : List.of("stdout", "stderr", "t.sh", TaskProcess.CONTEXT_FILE, "tmp")) {
            assertThat(owner(sandbox.resolve(file))).as(file).isEqualTo(65534);
        }
        assertThat(mode(output)).isEqualTo("rwx------");
        assertThat(owner(output)).isEqualTo(65534);
        assertThat(owner(output.getParent())).as("a parent stays root's").isZero();
        assertThat(mode(output.getParent())).isEqualTo("rwxr-xr-x");
        assertThat(mode(sandbox.getParent())).isEqualTo("rwxr-xr-x");
    }

    @Test
    void anOutputFolderThatExistsIsNeverChowned() throws Exception {
        Files.createDirectories(output);

        start("true", output.toString(), List.of());

        assertThat(owner(output)).isZero();
    }

    @Test
    void anExitFileTheTaskReplacedWithAFifoIsNoExitCode() throws Exception {
        start("mkfifo fifo", null, List.of());
        Files.delete(sandbox.resolve(TaskProcess.EXIT_FILE));
        Files.move(sandbox.resolve("fifo"), sandbox.resolve(TaskProcess.EXIT_FILE));

        assertThat(TaskProcess.recordedExit(sandbox)).isEmpty();
    }

    static int owner(Path p) throws Exception {
        return (Integer) Files.getAttribute(p, "unix:uid", java.nio.file.LinkOption.NOFOLLOW_LINKS);
    }

    static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }
}
