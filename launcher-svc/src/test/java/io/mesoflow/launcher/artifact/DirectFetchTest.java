package io.mesoflow.launcher.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectFetchTest {
    @TempDir
    Path tmp;

    @Test
    void unpacksBesideTheArchiveKeepingModesAndLinks() throws Exception {
        Path tgz = UnpackerTest.venvLike().tarGz(tmp.resolve("env.tgz"));
        Path sandbox = Files.createDirectory(tmp.resolve("sandbox"));

        DirectFetch.fetch(new UrlSource(), tgz.toUri().toString(), ArtifactCacheTest.sha256(tgz), sandbox);

        assertThat(Files.mismatch(sandbox.resolve("env.tgz"), tgz)).isEqualTo(-1);
        assertThat(Files.isExecutable(sandbox.resolve("run.sh"))).isTrue();
        assertThat(Files.readString(sandbox.resolve("data.txt"))).isEqualTo("hello");
    }

    @Test
    void aFileThatIsNotThePinnedOneFailsAndStaysForTheRecord() throws Exception {
        Path script = Files.writeString(tmp.resolve("train.py"), "print(1)\n");
        Path sandbox = Files.createDirectory(tmp.resolve("sandbox"));

        assertThatThrownBy(() -> DirectFetch.fetch(new UrlSource(), script.toUri().toString(), "ab".repeat(32), sandbox))
                .isInstanceOf(ArtifactDigestMismatch.class).hasMessageContaining("the spec says " + "ab".repeat(32))
                .hasMessageContaining(ArtifactCacheTest.sha256(script));
        assertThat(sandbox.resolve("train.py")).exists();
    }
}
