package io.mesoflow.launcher.artifact;

import io.mesoflow.launcher.task.TaskPrelude;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Fetches an artifact straight into one sandbox, without a cache (what the Mesos fetcher does with
 * {@code cache=false}): the file under its name, an archive then unpacked beside it as
 * {@link Unpacker} does, a single file made executable.
 */
public final class DirectFetch {
    private DirectFetch() {
    }

    /** Returns the fetched file; throws {@link ArtifactDigestMismatch} when it is not the pinned one. */
    public static Path fetch(ArtifactSource source, String url, String sha256, Path sandbox) throws IOException {
        String name = TaskPrelude.artifactFile(url);
        Path rel = EntryPath.of(name);
        if (rel.toString().isEmpty()) {
            throw new IOException("artifact URL " + url + " names no file");
        }
        Path file = sandbox.resolve(rel);
        Files.deleteIfExists(file);
        String digest = Downloads.download(source, URI.create(url), file);
        Downloads.check(name, digest, sha256); // the file stays: the task's own check says the same
        ArchiveFormat format = ArchiveFormat.of(name);
        if (format.isArchive()) {
            Unpacker.unpack(file, format, new SafeTree(sandbox, SafeTree.Use.SANDBOX));
        } else {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return file;
    }
}
