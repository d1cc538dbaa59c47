package io.mesoflow.launcher.local;

import io.mesoflow.launcher.artifact.SandboxFill;
import io.mesoflow.launcher.secrets.TaskSecret;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * A local task's files, owned by the user it runs as so no other team's user can read them: the
 * sandbox (0700) with all it holds, secret files (0400) and the output folder (0700, when created
 * here). Directories created on the way are searchable (0755) so each task user can reach its own;
 * a directory that existed is never chowned or chmodded.
 */
final class TaskFiles {
    private static final Logger LOG = Logger.getLogger(TaskFiles.class);
    static final Set<PosixFilePermission> SEARCHABLE = PosixFilePermissions.fromString("rwxr-xr-x");
    static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> SECRET = PosixFilePermissions.fromString("r--------");

    private TaskFiles() {
    }

    /** Creates {@code dir} and its missing parents as 0755, whatever the launcher's umask. */
    static void createSearchable(Path dir) throws IOException {
        Deque<Path> missing = new ArrayDeque<>();
        for (Path p = dir.toAbsolutePath().normalize(); p != null && !Files.exists(p); p = p.getParent()) {
            missing.push(p);
        }
        for (Path p : missing) {
            try {
                Files.createDirectory(p);
                Files.setPosixFilePermissions(p, SEARCHABLE);
            } catch (FileAlreadyExistsException raced) {
                // another task of the job created it meanwhile
            }
        }
    }

    /** A secret file in the sandbox, readable by the task's user only (0400), never outside the sandbox. */
    static void writeSecret(Path sandbox, TaskSecret secret) throws IOException {
        Path file = sandbox.resolve(secret.file()).normalize();
        if (!file.startsWith(sandbox) || file.equals(sandbox)) {
            throw new IOException("secret file " + secret.file() + " would be outside the sandbox");
        }
        Files.createDirectories(file.getParent());
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, secret.value());
        Files.setPosixFilePermissions(file, SECRET);
    }

    /**
     * The job's output folder: created when absent (only the leaf is the task user's, 0700); one that
     * exists is left as it is. Serialized: the tasks of a job start together and share it.
     */
    static synchronized void outputDir(Path dir, RunAs runAs) throws IOException {
        Path leaf = dir.toAbsolutePath().normalize();
        if (Files.exists(leaf)) {
            if (runAs.switches() && !owner(leaf, runAs)) {
                LOG.warnf("output folder %s exists and is not %s's: the task may not be able to write it", leaf,
                        runAs.user().name());
            }
            return;
        }
        createSearchable(leaf.getParent());
        try {
            Files.createDirectory(leaf);
        } catch (FileAlreadyExistsException raced) {
            return;
        }
        if (runAs.switches()) {
            Files.setPosixFilePermissions(leaf, OWNER_ONLY);
            chown(leaf, runAs.user());
        }
    }

    /**
     * {@code <root>/<user>}, the task user's own folder under a shared root (its Python environments):
     * created 0700 and the user's where the launcher switches users; a launcher that does not leaves it
     * to the task (it runs as the launcher's user and can create it).
     */
    static void userFolder(Path root, RunAs runAs) throws IOException {
        if (runAs.switches()) {
            outputDir(root.resolve(runAs.user().name()), runAs);
        }
    }

    /**
     * The sandbox becomes the task user's: 0700, everything in it chowned (links themselves, never followed)
     * but the artifact cache's hard-linked files, which stay the launcher's and read-only: the task may
     * delete or replace them in its sandbox, never change the copy every other sandbox shares.
     */
    static void handOver(Path sandbox, RunAs runAs) throws IOException {
        Files.setPosixFilePermissions(sandbox, OWNER_ONLY);
        if (!runAs.switches()) {
            return;
        }
        try (Stream<Path> all = Files.walk(sandbox)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                if (!SandboxFill.sharedWithCache(p)) {
                    chown(p, runAs.user());
                }
            }
        }
    }

    private static void chown(Path p, UnixUser user) throws IOException {
        Files.setAttribute(p, "unix:uid", user.uid(), LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(p, "unix:gid", user.gid(), LinkOption.NOFOLLOW_LINKS);
    }

    private static boolean owner(Path p, RunAs runAs) throws IOException {
        return (Integer) Files.getAttribute(p, "unix:uid") == runAs.user().uid();
    }
}
