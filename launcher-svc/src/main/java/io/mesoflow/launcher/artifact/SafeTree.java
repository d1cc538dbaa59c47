package io.mesoflow.launcher.artifact;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Writes files, folders and links under one folder and never outside it: every folder on the way to
 * an entry must be a real folder (a symbolic link there, e.g. one the archive made, refuses the
 * entry), files are created exclusively and nothing is opened, chmodded or replaced through a link.
 * A symbolic link's own target may point anywhere: it is only a link. What was there before this tree
 * started (the launcher's secret files, the environment's folders) is kept and the entry skipped;
 * what this tree wrote may be replaced by a later entry of the same name, as tar does.
 *
 * <p>Why so strict: the launcher runs as root. The folder is one no task user can write to while it is
 * filled (the root-only cache, or a sandbox before it is handed over), so no check can be raced.
 */
final class SafeTree {
    /** Where the tree is: a task's own sandbox, or the cache shared read-only by every task. */
    enum Use {
        /** Modes as the archive says (no set-id bits); a hard link in the archive becomes a copy. */
        SANDBOX,
        /** Files read-only for all (0444, or 0555 when executable): they are hard-linked into sandboxes. */
        CACHE
    }

    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

    private final Path root;
    private final Use use;
    private final Set<Path> written = new HashSet<>();
    private final Map<Path, Integer> folderModes = new HashMap<>();
    private boolean linksWork = true;
    private int linked;
    private int copied;

    SafeTree(Path root, Use use) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        this.use = use;
        if (!Files.isDirectory(this.root, NOFOLLOW)) {
            throw new IOException(root + " is not a folder");
        }
    }

    void directory(Path rel, int mode) throws IOException {
        if (rel.toString().isEmpty()) {
            return;
        }
        Path dir = parentOf(rel).resolve(rel.getFileName());
        BasicFileAttributes there = attributes(dir);
        if (there != null && there.isDirectory()) {
            if (written.contains(dir)) {
                folderModes.put(dir, folderMode(mode));
            }
            return;
        }
        if (!replaceable(dir, there)) {
            return;
        }
        Files.createDirectory(dir);
        written.add(dir);
        folderModes.put(dir, folderMode(mode));
    }

    /** A regular file with {@code content} (read to its end, not closed). */
    void file(Path rel, InputStream content, int mode) throws IOException {
        Path file = leaf(rel);
        if (file == null) {
            return;
        }
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                NOFOLLOW)) {
            content.transferTo(out);
        }
        chmod(file, fileMode(mode));
    }

    void symlink(Path rel, String target) throws IOException {
        if (target.isEmpty() || target.indexOf('\0') >= 0) {
            throw new UnsafeArchiveException("symbolic link " + rel + " has no valid target");
        }
        Path link = leaf(rel);
        if (link != null) {
            Files.createSymbolicLink(link, Path.of(target));
        }
    }

    /** An archive's hard link to a file it unpacked before ({@code existing}, relative too). */
    void hardLink(Path rel, Path existing) throws IOException {
        Path source = existingFile(existing);
        Path file = leaf(rel);
        if (file == null) {
            return;
        }
        if (use == Use.CACHE) {
            Files.createLink(file, source);
        } else { // one link per file in a sandbox, so the hand-over can tell the cache's files apart
            Files.copy(source, file, NOFOLLOW);
            chmod(file, Files.getPosixFilePermissions(source, NOFOLLOW));
        }
    }

    /**
     * The cache's file {@code source} at {@code rel}: a hard link where the file system allows (no
     * bytes copied), else a copy the task may change ({@code mode} plus owner write).
     */
    void linkOrCopy(Path rel, Path source, int mode) throws IOException {
        Path file = leaf(rel);
        if (file == null) {
            return;
        }
        if (linksWork) {
            try {
                Files.createLink(file, source);
                linked++;
                return;
            } catch (FileSystemException | UnsupportedOperationException e) { // another file system (EXDEV)
                if (Files.exists(file, NOFOLLOW)) {
                    throw e;
                }
                linksWork = false;
            }
        }
        Files.copy(source, file, NOFOLLOW);
        chmod(file, fileMode(mode) | 0200);
        copied++;
    }

    /** Gives the folders this tree created their modes, deepest first (one without write would block the rest). */
    void finish() throws IOException {
        for (Path dir : folderModes.keySet().stream().sorted(Comparator.comparingInt(Path::getNameCount).reversed())
                .toList()) {
            chmod(dir, folderModes.get(dir));
        }
        folderModes.clear();
    }

    int linked() {
        return linked;
    }

    int copied() {
        return copied;
    }

    /** Where an entry goes, its folders made; null when something that was there before is kept. */
    private Path leaf(Path rel) throws IOException {
        if (rel.toString().isEmpty()) {
            throw new UnsafeArchiveException("an archive entry that is not a folder has no name");
        }
        Path leaf = parentOf(rel).resolve(rel.getFileName());
        if (!replaceable(leaf, attributes(leaf))) {
            return null;
        }
        written.add(leaf);
        return leaf;
    }

    /** Whether {@code path} may be (re)created: absent, or written by this tree and not a folder. */
    private boolean replaceable(Path path, BasicFileAttributes there) throws IOException {
        if (there == null) {
            return true;
        }
        if (!written.contains(path)) {
            return false;
        }
        if (there.isDirectory()) {
            throw new IOException("archive entry " + root.relativize(path) + " would replace a folder");
        }
        Files.delete(path); // a link itself, never what it points to
        return true;
    }

    /** The folder {@code rel} goes into, created as needed, refusing any link on the way. */
    private Path parentOf(Path rel) throws IOException {
        Path dir = root;
        for (int i = 0; i < rel.getNameCount() - 1; i++) {
            dir = dir.resolve(rel.getName(i));
            BasicFileAttributes there = attributes(dir);
            if (there == null) {
                Files.createDirectory(dir);
                written.add(dir);
                folderModes.put(dir, 0755);
            } else if (there.isSymbolicLink()) {
                throw new UnsafeArchiveException("archive entry " + rel + " goes through the symbolic link "
                        + root.relativize(dir));
            } else if (!there.isDirectory()) {
                throw new UnsafeArchiveException("archive entry " + rel + " goes through " + root.relativize(dir)
                        + ", which is not a folder");
            }
        }
        return dir;
    }

    private Path existingFile(Path rel) throws IOException {
        if (rel.toString().isEmpty()) {
            throw new UnsafeArchiveException("a hard link in the archive has no target");
        }
        Path dir = root;
        for (int i = 0; i < rel.getNameCount() - 1; i++) {
            dir = dir.resolve(rel.getName(i));
            BasicFileAttributes there = attributes(dir);
            if (there == null || !there.isDirectory()) {
                throw new UnsafeArchiveException("hard link target " + rel + " is not a file the archive unpacked");
            }
        }
        Path file = dir.resolve(rel.getFileName());
        BasicFileAttributes there = attributes(file);
        if (there == null || !there.isRegularFile() || !written.contains(file)) {
            throw new UnsafeArchiveException("hard link target " + rel + " is not a file the archive unpacked");
        }
        return file;
    }

    private static BasicFileAttributes attributes(Path path) throws IOException {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class, NOFOLLOW);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private int fileMode(int mode) {
        int m = (mode & 0777) == 0 ? 0644 : mode & 0777; // never set-uid, set-gid or sticky
        if (use == Use.CACHE) {
            return (m & 0111) != 0 ? 0555 : 0444;
        }
        return m;
    }

    private static int folderMode(int mode) {
        return (mode & 0777) == 0 ? 0755 : (mode & 0777) | 0700;
    }

    private static void chmod(Path path, int mode) throws IOException {
        chmod(path, Modes.toPermissions(mode));
    }

    private static void chmod(Path path, Set<PosixFilePermission> permissions) throws IOException {
        Files.getFileAttributeView(path, PosixFileAttributeView.class, NOFOLLOW).setPermissions(permissions);
    }
}
