package io.mesoflow.launcher.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher reads a failed task's stderr from a sandbox the task's user owns: only a plain file of its own. */
class StderrTailTest {
    @TempDir
    Path sandbox;

    @Test
    void readsTheEndOfARegularFile() throws Exception {
        Files.writeString(sandbox.resolve("stderr"), "x".repeat(5000) + "\nTraceback (most recent call last):\n"
                + "  File \"train.py\", line 3\nValueError: bad\n");

        assertThat(StderrTail.of(sandbox)).isEqualTo("Traceback (most recent call last):\n  File \"train.py\", line 3\n"
                + "ValueError: bad");
    }

    @Test
    void followsNoSymbolicLink() throws Exception {
        Path secret = Files.writeString(sandbox.resolve("other-users-file"), "s3cr3t\n");
        Files.createSymbolicLink(sandbox.resolve("stderr"), secret);

        assertThat(StderrTail.of(sandbox)).isEmpty();
    }

    @Test
    void readsNoFileWithAnotherName() throws Exception {
        Path secret = Files.writeString(sandbox.resolve("other-users-file"), "s3cr3t\n");
        Files.createLink(sandbox.resolve("stderr"), secret);

        assertThat(StderrTail.of(sandbox)).isEmpty();
    }

    @Test
    void noFileOrAFolderIsNoTail() throws Exception {
        assertThat(StderrTail.of(sandbox)).isEmpty();
        Files.createDirectory(sandbox.resolve("stderr"));
        assertThat(StderrTail.of(sandbox)).isEmpty();
    }
}
