package io.mesoflow.launcher.local;

import io.mesoflow.launcher.task.PreemptionNotice;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes a task's {@link PreemptionNotice} into its sandbox, atomically: a new temporary file
 * (created exclusively, so never through a link the task put there), 0644 and owned like the sandbox
 * (the task's user), then renamed over {@link PreemptionNotice#FILE}. The task sees no file or the
 * whole notice.
 */
final class NoticeFile {
    private NoticeFile() {
    }

    /** The notice file of the task whose sandbox is {@code sandbox}. */
    static Path of(Path sandbox) {
        return sandbox.resolve(PreemptionNotice.FILE);
    }

    static void write(Path sandbox, PreemptionNotice notice) throws IOException {
        Path temp = Files.createTempFile(sandbox, PreemptionNotice.FILE + ".", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")));
        try {
            Files.writeString(temp, notice.json());
            Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-r--r--"));
            ownLikeSandbox(temp, sandbox);
            Files.move(temp, of(sandbox), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** A root launcher hands the file to the sandbox's owner, the task's user; any other owns both already. */
    private static void ownLikeSandbox(Path file, Path sandbox) throws IOException {
        int uid = (Integer) Files.getAttribute(sandbox, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        int gid = (Integer) Files.getAttribute(sandbox, "unix:gid", LinkOption.NOFOLLOW_LINKS);
        if ((Integer) Files.getAttribute(file, "unix:uid", LinkOption.NOFOLLOW_LINKS) != uid) {
            Files.setAttribute(file, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(file, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
        }
    }
}
