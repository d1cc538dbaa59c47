package io.mesoflow.launcher.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SandboxFilesTest {
    @TempDir
    Path root;

    Path sandbox() throws Exception {
        Path sandbox = Files.createDirectories(root.resolve("job-1/worker-0/0"));
        Files.writeString(sandbox.resolve("stdout"), "0123456789");
        return sandbox;
    }

    @Test
    void readsFromAnOffsetUpToALength() throws Exception {
        SandboxFiles files = new SandboxFiles(root);
        String stdout = sandbox().resolve("stdout").toString();

        assertThat(files.read(stdout, 3, 4)).hasValue(new SandboxFiles.Chunk("3456", 3));
        assertThat(files.read(stdout, 8, -1)).hasValue(new SandboxFiles.Chunk("89", 8));
        assertThat(files.read(stdout, 50, 10)).hasValue(new SandboxFiles.Chunk("", 10));
    }

    @Test
    void offsetMinusOneAnswersTheSizeLikeAMesosAgent() throws Exception {
        SandboxFiles files = new SandboxFiles(root);

        assertThat(files.read(sandbox().resolve("stdout").toString(), -1, 0)).hasValue(new SandboxFiles.Chunk("", 10));
    }

    @Test
    void refusesPathsOutsideTheSandboxRoot(@TempDir Path elsewhere) throws Exception {
        Path secret = Files.writeString(elsewhere.resolve("secret"), "s3cr3t");
        Path sandbox = sandbox();
        Files.createSymbolicLink(sandbox.resolve("escape"), secret);
        SandboxFiles files = new SandboxFiles(root);

        assertThat(files.read(secret.toString(), 0, -1)).isEmpty();
        assertThat(files.read(sandbox + "/../../../../" + secret, 0, -1)).isEmpty();
        assertThat(files.read(sandbox.resolve("escape").toString(), 0, -1)).isEmpty();
        assertThat(files.read(sandbox.resolve("missing").toString(), 0, -1)).isEmpty();
    }

    @Test
    void refusesLinksThatStayUnderTheRootToo() throws Exception {
        Path other = Files.createDirectories(root.resolve("job-b/worker-0/0"));
        Files.writeString(other.resolve("key.txt"), "team b's");
        Path sandbox = sandbox();
        Files.createSymbolicLink(sandbox.resolve("stdout-link"), other.resolve("key.txt"));
        Files.createSymbolicLink(sandbox.resolve("dir-link"), other);
        SandboxFiles files = new SandboxFiles(root);

        assertThat(files.read(sandbox.resolve("stdout-link").toString(), 0, -1)).isEmpty();
        assertThat(files.read(sandbox.resolve("dir-link/key.txt").toString(), 0, -1)).isEmpty();
        assertThat(files.read(other.resolve("key.txt").toString(), 0, -1)).isPresent();
    }
}
