package io.mesoflow.launcher.artifact;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Puts a {@link CachedArtifact} into a sandbox cheaply: the fetched file under its own name (kept, as
 * the Mesos fetcher keeps it, so the task can check its digest) and, for an archive, every folder
 * (created, with its mode), file (a hard link to the cache's read-only copy; a copy where the sandbox
 * is on another file system) and symbolic link (made anew) it holds. Nothing the sandbox already
 * holds is replaced.
 */
public final class SandboxFill {
    /** How many files were linked and how many had to be copied. */
    public record Filled(int linked, int copied) {
    }

    private SandboxFill() {
    }

    public static Filled fill(CachedArtifact artifact, Path sandbox) throws IOException {
        SafeTree into = new SafeTree(sandbox, SafeTree.Use.SANDBOX);
        into.linkOrCopy(Path.of(artifact.name()), artifact.file(), mode(artifact.file()));
        if (artifact.tree() != null) {
            Path tree = artifact.tree();
            Files.walkFileTree(tree, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    into.directory(tree.relativize(dir), mode(dir));
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Path rel = tree.relativize(file);
                    if (attrs.isSymbolicLink()) {
                        into.symlink(rel, Files.readSymbolicLink(file).toString());
                    } else if (attrs.isRegularFile()) {
                        into.linkOrCopy(rel, file, mode(file));
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        }
        into.finish();
        return new Filled(into.linked(), into.copied());
    }

    /**
     * Whether {@code path} is a file the cache shares (a regular file with more than one link: nothing
     * else in a sandbox has one, since an archive's own hard links are copied there). Its owner must stay
     * the launcher: handing it to the task would hand over every sandbox's copy and the cache's.
     */
    public static boolean sharedWithCache(Path path) throws IOException {
        return Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)
                && (Integer) Files.getAttribute(path, "unix:nlink", LinkOption.NOFOLLOW_LINKS) > 1;
    }

    private static int mode(Path path) throws IOException {
        return Modes.of(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
    }
}
