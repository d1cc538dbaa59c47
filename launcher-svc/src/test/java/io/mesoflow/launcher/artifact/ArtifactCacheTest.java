package io.mesoflow.launcher.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactCacheTest {
    @TempDir
    Path tmp;

    Path zip;
    String url;
    CountingSource source;
    ArtifactCache cache;

    @BeforeEach
    void setUp() throws Exception {
        zip = UnpackerTest.venvLike().zip(Files.createDirectory(tmp.resolve("artifacts")).resolve("env.zip"));
        url = zip.toUri().toString();
        source = new CountingSource(0);
        cache = new ArtifactCache(tmp.resolve("cache"), source);
    }

    Path sandbox(String name) throws Exception {
        return Files.createDirectories(tmp.resolve("sandboxes").resolve(name));
    }

    @Test
    void aSecondTaskGetsTheArtifactWithoutFetchingOrCopyingIt() throws Exception {
        Path first = sandbox("worker-0");
        Path second = sandbox("worker-1");

        SandboxFill.Filled one = cache.use(url, null, a -> SandboxFill.fill(a, first));
        SandboxFill.Filled two = cache.use(url, null, a -> SandboxFill.fill(a, second));

        assertThat(source.opened).hasValue(1);
        assertThat(one.copied()).isZero();
        assertThat(two.copied()).isZero();
        assertThat(two.linked()).isEqualTo(3); // env.zip, run.sh, data/real.txt
        assertThat(Files.isSameFile(first.resolve("run.sh"), second.resolve("run.sh"))).isTrue();
        assertThat(Files.isExecutable(second.resolve("run.sh"))).isTrue();
        assertThat(Files.readSymbolicLink(second.resolve("data.txt"))).isEqualTo(Path.of("data/real.txt"));
        assertThat(Files.readString(second.resolve("data.txt"))).isEqualTo("hello");
        assertThat(Files.readSymbolicLink(second.resolve("venv/bin/python"))).isEqualTo(Path.of("/usr/bin/python3"));
        assertThat(Files.mismatch(second.resolve("env.zip"), zip)).as("the archive stays beside its contents")
                .isEqualTo(-1);
    }

    @Test
    void theCachesFilesAreSharedReadOnlyAndTellThemselvesApart() throws Exception {
        Path sandbox = sandbox("ps-0");
        cache.use(url, null, a -> SandboxFill.fill(a, sandbox));
        Files.writeString(sandbox.resolve("mine.txt"), "x");

        assertThat(SandboxFill.sharedWithCache(sandbox.resolve("run.sh"))).isTrue();
        assertThat(SandboxFill.sharedWithCache(sandbox.resolve("env.zip"))).isTrue();
        assertThat(SandboxFill.sharedWithCache(sandbox.resolve("data.txt"))).as("a link").isFalse();
        assertThat(SandboxFill.sharedWithCache(sandbox.resolve("data"))).as("a folder").isFalse();
        assertThat(SandboxFill.sharedWithCache(sandbox.resolve("mine.txt"))).isFalse();
        assertThat(Files.isWritable(cache.root())).isTrue();
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(cache.root())))
                .isEqualTo("rwx------");
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(sandbox.resolve("run.sh")))).isEqualTo("r-xr-xr-x");
    }

    @Test
    void aChangedLocalFileIsFetchedAgain() throws Exception {
        cache.get(url, null);
        UnpackerTest.venvLike().file("run.sh", "#!/bin/sh\necho v2\n", 0755).zip(zip);
        Files.setLastModifiedTime(zip, FileTime.from(Instant.now().plusSeconds(60)));

        CachedArtifact again = cache.get(url, null);

        assertThat(source.opened).hasValue(2);
        assertThat(Files.readString(again.tree().resolve("run.sh"))).contains("v2");
    }

    @Test
    void anUnchangedLocalFileIsNotFetchedAgain() throws Exception {
        cache.get(url, null);
        cache.get(url, null);
        new ArtifactCache(tmp.resolve("cache"), source).get(url, null); // a restarted launcher too

        assertThat(source.opened).hasValue(1);
    }

    @Test
    void concurrentTasksFetchOnce() throws Exception {
        CountingSource slow = new CountingSource(300);
        ArtifactCache shared = new ArtifactCache(tmp.resolve("shared"), slow);
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<SandboxFill.Filled>> fills = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                Path sandbox = sandbox("worker-" + i);
                fills.add(pool.submit(() -> shared.use(url, null, a -> SandboxFill.fill(a, sandbox))));
            }
            for (Future<SandboxFill.Filled> fill : fills) {
                assertThat(fill.get().copied()).isZero();
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(slow.opened).hasValue(1);
        for (int i = 0; i < 6; i++) {
            assertThat(Files.readString(tmp.resolve("sandboxes/worker-" + i + "/data.txt"))).isEqualTo("hello");
        }
    }

    @Test
    void aPinnedDigestThatMatchesIsCachedApart() throws Exception {
        String digest = sha256(zip);
        cache.get(url, null);

        CachedArtifact pinned = cache.get(url, digest.toUpperCase());
        cache.get(url, digest);

        assertThat(pinned.sha256()).isEqualTo(digest);
        assertThat(source.opened).hasValue(2);
    }

    @Test
    void aDownloadThatIsNotThePinnedOneFailsNamingBothDigestsAndIsNotKept() throws Exception {
        String wrong = "0".repeat(64);

        assertThatThrownBy(() -> cache.get(url, wrong)).isInstanceOf(ArtifactDigestMismatch.class)
                .hasMessage("artifact env.zip has SHA-256 " + sha256(zip) + ", the spec says " + wrong);
        assertThatThrownBy(() -> cache.get(url, wrong)).isInstanceOf(ArtifactDigestMismatch.class);
        assertThat(source.opened).hasValue(2);
        try (var left = Files.list(cache.root())) {
            assertThat(left.map(p -> p.getFileName().toString())).allMatch(n -> n.endsWith(".lock"));
        }
    }

    @Test
    void anUnsafeArchiveIsNotKept() throws Exception {
        Path bad = Archives.of().file("../x", "no", 0644).zip(tmp.resolve("artifacts/bad.zip"));

        assertThatThrownBy(() -> cache.get(bad.toUri().toString(), null)).isInstanceOf(UnsafeArchiveException.class);
        try (var left = Files.list(cache.root())) {
            assertThat(left.map(p -> p.getFileName().toString())).allMatch(n -> n.endsWith(".lock"));
        }
    }

    @Test
    void aSingleScriptIsExecutable() throws Exception {
        Path script = Files.writeString(tmp.resolve("artifacts/train.sh"), "echo hi\n");
        Path sandbox = sandbox("chief-0");

        cache.use(script.toUri().toString(), null, a -> SandboxFill.fill(a, sandbox));

        assertThat(Files.isExecutable(sandbox.resolve("train.sh"))).isTrue();
        assertThat(Files.readString(sandbox.resolve("train.sh"))).isEqualTo("echo hi\n");
    }

    @Test
    void aSandboxOnAnotherFileSystemGetsCopiesItsTaskMayChange() throws Exception {
        Path shm = Path.of("/dev/shm");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(shm) && Files.isWritable(shm)
                && !Files.getFileStore(shm).equals(Files.getFileStore(tmp)), "no second file system here");
        Path sandbox = Files.createTempDirectory(shm, "mesoflow-sandbox");
        try {
            SandboxFill.Filled filled = cache.use(url, null, a -> SandboxFill.fill(a, sandbox));

            assertThat(filled.linked()).isZero();
            assertThat(filled.copied()).isEqualTo(3);
            assertThat(SandboxFill.sharedWithCache(sandbox.resolve("run.sh"))).isFalse();
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(sandbox.resolve("run.sh")))).isEqualTo("rwxr-xr-x");
            assertThat(Files.readString(sandbox.resolve("data.txt"))).isEqualTo("hello");
        } finally {
            ArtifactCache.removeAll(sandbox);
        }
    }

    static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(Files.readAllBytes(file)));
    }
}
