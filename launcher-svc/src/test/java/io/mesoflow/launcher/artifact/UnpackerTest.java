package io.mesoflow.launcher.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class UnpackerTest {
    @TempDir
    Path tmp;

    /** What a packed virtualenv holds: an executable script, a link to a file, a link out of the tree. */
    static Archives venvLike() {
        return Archives.of()
                .file("run.sh", "#!/bin/sh\ncat data.txt\n", 0755)
                .dir("data", 0755)
                .file("data/real.txt", "hello", 0644)
                .symlink("data.txt", "data/real.txt")
                .symlink("venv/bin/python", "/usr/bin/python3");
    }

    Path archive(Archives archives, ArchiveFormat format) throws IOException {
        return switch (format) {
            case ZIP -> archives.zip(tmp.resolve("a.zip"));
            case TAR_GZ -> archives.tarGz(tmp.resolve("a.tar.gz"));
            case TAR -> archives.tar(tmp.resolve("a.tar"));
            case NONE -> throw new IllegalArgumentException();
        };
    }

    Path unpack(Archives archives, ArchiveFormat format, SafeTree.Use use) throws IOException {
        Path into = Files.createDirectory(tmp.resolve("into"));
        Unpacker.unpack(archive(archives, format), format, new SafeTree(into, use));
        return into;
    }

    @ParameterizedTest
    @EnumSource(value = ArchiveFormat.class, names = {"ZIP", "TAR_GZ", "TAR"})
    void keepsExecutableBitsAndSymbolicLinks(ArchiveFormat format) throws Exception {
        Path into = unpack(venvLike(), format, SafeTree.Use.SANDBOX);

        assertThat(Files.isExecutable(into.resolve("run.sh"))).isTrue();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(into.resolve("run.sh"))))
                .isEqualTo("rwxr-xr-x");
        assertThat(Files.isSymbolicLink(into.resolve("data.txt"))).isTrue();
        assertThat(Files.readString(into.resolve("data.txt"))).isEqualTo("hello");
        assertThat(Files.readSymbolicLink(into.resolve("venv/bin/python"))).isEqualTo(Path.of("/usr/bin/python3"));
    }

    @Test
    void theCacheMakesFilesReadOnlyForAllAndDropsSetIdBits() throws Exception {
        Path into = unpack(Archives.of().file("tool", "x", 04700).file("key", "k", 0600), ArchiveFormat.TAR,
                SafeTree.Use.CACHE);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(into.resolve("tool"))))
                .isEqualTo("r-xr-xr-x");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(into.resolve("key"))))
                .isEqualTo("r--r--r--");
    }

    @Test
    void aSandboxKeepsTheArchivesModesButNoSetIdBit() throws Exception {
        Path into = unpack(Archives.of().file("tool", "x", 04750).file("key", "k", 0600), ArchiveFormat.TAR,
                SafeTree.Use.SANDBOX);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(into.resolve("tool"))))
                .isEqualTo("rwxr-x---");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(into.resolve("key"))))
                .isEqualTo("rw-------");
    }

    @Test
    void aTarHardLinkIsOneFileInTheCacheAndACopyInASandbox() throws Exception {
        Archives linked = Archives.of().file("bin/python3.11", "elf", 0755).hardLink("bin/python3", "bin/python3.11");
        Path cache = unpack(linked, ArchiveFormat.TAR, SafeTree.Use.CACHE);
        assertThat(Files.isSameFile(cache.resolve("bin/python3"), cache.resolve("bin/python3.11"))).isTrue();

        Path sandbox = Files.createDirectory(tmp.resolve("sandbox"));
        Unpacker.unpack(tmp.resolve("a.tar"), ArchiveFormat.TAR, new SafeTree(sandbox, SafeTree.Use.SANDBOX));
        assertThat(Files.readString(sandbox.resolve("bin/python3"))).isEqualTo("elf");
        assertThat(Files.getAttribute(sandbox.resolve("bin/python3"), "unix:nlink")).isEqualTo(1);
        assertThat(Files.isExecutable(sandbox.resolve("bin/python3"))).isTrue();
    }

    @ParameterizedTest
    @EnumSource(value = ArchiveFormat.class, names = {"ZIP", "TAR"})
    void anEntryThatClimbsOutIsRefused(ArchiveFormat format) throws Exception {
        Archives climbing = Archives.of().file("ok.txt", "fine", 0644).file("../escaped.txt", "no", 0644);

        assertThatThrownBy(() -> unpack(climbing, format, SafeTree.Use.SANDBOX))
                .isInstanceOf(UnsafeArchiveException.class).hasMessageContaining("../escaped.txt");
        assertThat(tmp.resolve("escaped.txt")).doesNotExist();
    }

    @ParameterizedTest
    @EnumSource(value = ArchiveFormat.class, names = {"ZIP", "TAR"})
    void anAbsoluteEntryIsRefused(ArchiveFormat format) throws Exception {
        Path target = tmp.resolve("absolute.txt");
        Archives absolute = Archives.of().file(target.toString(), "no", 0644);

        assertThatThrownBy(() -> unpack(absolute, format, SafeTree.Use.SANDBOX))
                .isInstanceOf(UnsafeArchiveException.class).hasMessageContaining("absolute path");
        assertThat(target).doesNotExist();
    }

    @ParameterizedTest
    @EnumSource(value = ArchiveFormat.class, names = {"ZIP", "TAR_GZ"})
    void nothingIsWrittenThroughALinkTheArchiveMade(ArchiveFormat format) throws Exception {
        Path outside = Files.createDirectory(tmp.resolve("outside"));
        Archives through = Archives.of().symlink("evil", outside.toString()).file("evil/pwned", "no", 0644);

        assertThatThrownBy(() -> unpack(through, format, SafeTree.Use.CACHE))
                .isInstanceOf(UnsafeArchiveException.class).hasMessageContaining("goes through the symbolic link evil");
        assertThat(outside.resolve("pwned")).doesNotExist();
    }

    @Test
    void aRelativeLinkUpAndOutIsNoWayOutEither() throws Exception {
        Files.createDirectory(tmp.resolve("outside"));
        Archives through = Archives.of().symlink("up", "../outside").dir("up/sub", 0755);

        assertThatThrownBy(() -> unpack(through, ArchiveFormat.TAR, SafeTree.Use.SANDBOX))
                .isInstanceOf(UnsafeArchiveException.class);
        assertThat(tmp.resolve("outside/sub")).doesNotExist();
    }

    @Test
    void aHardLinkToAFileOutsideIsRefused() throws Exception {
        Files.writeString(tmp.resolve("secret"), "s");
        Archives stealing = Archives.of().symlink("out", tmp.toString()).hardLink("copy", "out/secret");

        assertThatThrownBy(() -> unpack(stealing, ArchiveFormat.TAR, SafeTree.Use.CACHE))
                .isInstanceOf(UnsafeArchiveException.class).hasMessageContaining("hard link target");
    }

    @Test
    void aLaterEntryReplacesALinkTheArchiveMadeWithoutFollowingIt() throws Exception {
        Path outside = Files.writeString(tmp.resolve("victim"), "untouched");
        Archives replacing = Archives.of().symlink("f", outside.toString()).file("f", "mine", 0644);

        Path into = unpack(replacing, ArchiveFormat.TAR, SafeTree.Use.SANDBOX);

        assertThat(Files.isSymbolicLink(into.resolve("f"))).isFalse();
        assertThat(Files.readString(into.resolve("f"))).isEqualTo("mine");
        assertThat(Files.readString(outside)).isEqualTo("untouched");
    }

    @Test
    void whatTheFolderHeldBeforeIsKept() throws Exception {
        Path into = Files.createDirectory(tmp.resolve("into"));
        Files.writeString(into.resolve("db-password"), "secret");
        Files.createDirectory(into.resolve("tmp"));
        Path zip = Archives.of().file("db-password", "from the artifact", 0644).file("tmp/x", "x", 0644)
                .zip(tmp.resolve("a.zip"));

        Unpacker.unpack(zip, ArchiveFormat.ZIP, new SafeTree(into, SafeTree.Use.SANDBOX));

        assertThat(Files.readString(into.resolve("db-password"))).isEqualTo("secret");
        assertThat(Files.readString(into.resolve("tmp/x"))).isEqualTo("x");
    }

    @Test
    void aZipWithoutUnixModesGetsReadableFilesAndFolders() throws Exception {
        Path zip = tmp.resolve("plain.zip");
        try (java.util.zip.ZipOutputStream out = new java.util.zip.ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new java.util.zip.ZipEntry("pkg/train.py"));
            out.write("print(1)".getBytes());
            out.closeEntry();
        }
        Path into = Files.createDirectory(tmp.resolve("into"));

        Unpacker.unpack(zip, ArchiveFormat.ZIP, new SafeTree(into, SafeTree.Use.SANDBOX));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(into.resolve("pkg/train.py"))))
                .isEqualTo("rw-r--r--");
        assertThat(Files.isDirectory(into.resolve("pkg"), LinkOption.NOFOLLOW_LINKS)).isTrue();
    }
}
