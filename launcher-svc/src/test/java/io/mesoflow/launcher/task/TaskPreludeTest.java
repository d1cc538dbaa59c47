package io.mesoflow.launcher.task;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesoflow.events.LaunchSpec;
import io.mesoflow.events.PythonEnvironment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The prelude runs for real under /bin/sh in a sandbox-like folder, as each backend runs it. */
class TaskPreludeTest {
    @TempDir
    Path sandbox;

    record Run(int exit, String stdout, String stderr) {
    }

    private Run run(LaunchSpec launch, Path cache, String entryPoint) throws Exception {
        String command = TaskPrelude.of(launch, new TaskPrelude.Settings(cache.toString(), "--retries 0 --timeout 3"))
                + entryPoint;
        Process p = new ProcessBuilder("/bin/sh", "-c", command).directory(sandbox.toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(p.waitFor(), out, err);
    }

    private static LaunchSpec launch(String artifact, String sha, PythonEnvironment python) {
        return new LaunchSpec("file:///somewhere/" + artifact, "unused", Map.of(), null, Map.of(), List.of(), "ml",
                null, null, python, sha);
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @Test
    void nothingToDoWithoutADigestOrPython() {
        assertThat(TaskPrelude.of(launch("a.zip", null, null), new TaskPrelude.Settings("/c", ""))).isEmpty();
    }

    @Test
    void anArtifactThatMatchesItsDigestRunsAndOneThatDiffersFailsWithBothDigests() throws Exception {
        byte[] bytes = "print('hi')\n".getBytes(StandardCharsets.UTF_8);
        Files.write(sandbox.resolve("train.py"), bytes);

        Run good = run(launch("train.py", sha256(bytes), null), sandbox.resolve("cache"), "echo ran");
        Run bad = run(launch("train.py", "0".repeat(64), null), sandbox.resolve("cache"), "echo ran");

        assertThat(good.exit()).as(good.stderr()).isZero();
        assertThat(good.stdout()).isEqualTo("ran\n");
        assertThat(bad.exit()).isEqualTo(TaskPrelude.ARTIFACT_DIGEST_EXIT);
        assertThat(bad.stdout()).isEmpty();
        assertThat(bad.stderr()).contains("artifact train.py has SHA-256 " + sha256(bytes) + ", the spec says "
                + "0".repeat(64));
    }

    @Test
    void theJobsPythonEnvironmentIsBuiltOnceAndPutFirstOnPath() throws Exception {
        Path cache = sandbox.resolve("cache");
        Files.writeString(sandbox.resolve("req.txt"), "# from the artifact\n");
        // a unique comment makes a new digest, so this run builds rather than finding an old environment
        PythonEnvironment python = new PythonEnvironment(List.of("six", "# " + UUID.randomUUID()), "req.txt");
        String entry = "echo \"$MESOFLOW_PYTHON\"; python -c 'import six, sys; print(sys.prefix)'";

        Run first = run(launch("a.zip", null, python), cache, entry);
        Run second = run(launch("a.zip", null, python), cache, entry);

        assertThat(first.exit()).as(first.stderr()).isZero();
        assertThat(first.stderr()).contains("preparing environment").contains("environment built in");
        String[] lines = first.stdout().split("\n");
        assertThat(lines[0]).startsWith(cache.resolve(System.getProperty("user.name")).toString()).endsWith("/bin/python");
        assertThat(lines[1]).isEqualTo(Path.of(lines[0]).getParent().getParent().toString());
        assertThat(second.exit()).as(second.stderr()).isZero();
        assertThat(second.stderr()).as("the second task reuses it").doesNotContain("environment built");
        assertThat(second.stdout()).isEqualTo(first.stdout());
        assertThat(sandbox.resolve(TaskPrelude.PREPARING_MARKER)).doesNotExist();
    }

    @Test
    void aRequirementPipCannotFindFailsTheTaskWithPipsLastLines() throws Exception {
        PythonEnvironment python = new PythonEnvironment(List.of("mesoflow-no-such-package-" + UUID.randomUUID()
                .toString().substring(0, 8)), null);

        Run run = run(launch("a.zip", null, python), sandbox.resolve("cache"), "echo ran");

        assertThat(run.exit()).isEqualTo(TaskPrelude.PYTHON_ENV_EXIT);
        assertThat(run.stdout()).isEmpty();
        assertThat(run.stderr()).contains("building the python environment failed").contains("No matching distribution");
    }

    @Test
    void aMissingRequirementsFileSaysSo() throws Exception {
        Run run = run(launch("a.zip", null, new PythonEnvironment(List.of(), "nope.txt")), sandbox.resolve("c"), "true");

        assertThat(run.exit()).isEqualTo(TaskPrelude.PYTHON_ENV_EXIT);
        assertThat(run.stderr()).contains("the artifact has no requirements file nope.txt");
    }
}
