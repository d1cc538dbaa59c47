package io.mesoflow.launcher.artifact;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Carries out an {@link Eviction} plan on an {@link ArtifactCache}'s folder. An entry is evicted under
 * its key's lock (so never while a request fetches or fills it) and only if nobody used it since it was
 * planned; it is first renamed to {@code .evict-<key>-<uuid>} (atomic: a request sees the whole entry or
 * none) and deleted after the lock is released. What a crash leaves of an eviction is deleted by the
 * next pass. When the tasks in use cannot be told, nothing is evicted.
 */
final class CachePruner {
    private static final Logger LOG = Logger.getLogger(CachePruner.class);
    private static final Pattern KEY = Pattern.compile("[0-9a-f]{64}");
    static final String EVICTING = ".evict-";

    /** What a pass did. */
    record Pruned(int evicted, long freedBytes) {
    }

    private final Path root;
    private final KeyLocks locks;
    private final ArtifactCache.Bound bound;

    CachePruner(Path root, KeyLocks locks, ArtifactCache.Bound bound) {
        this.root = root;
        this.locks = locks;
        this.bound = bound;
    }

    synchronized Pruned prune() throws IOException {
        removeEvicting();
        Set<String> inUse;
        try {
            inUse = bound.inUse().keys();
        } catch (Exception e) {
            LOG.warnf("the artifact cache %s is not pruned now: which artifacts tasks use is unknown (%s)", root,
                    e.toString());
            return new Pruned(0, 0);
        }
        List<Eviction.Entry> entries = new ArrayList<>();
        try (DirectoryStream<Path> all = Files.newDirectoryStream(root, p -> KEY.matcher(
                p.getFileName().toString()).matches() && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))) {
            for (Path entry : all) {
                String key = entry.getFileName().toString();
                try {
                    entries.add(new Eviction.Entry(key, bytes(entry), lastUsed(entry).toInstant(),
                            inUse.contains(key) || locks.busy(key)));
                } catch (NoSuchFileException gone) {
                    // replaced or evicted meanwhile by another process: not counted this time
                }
            }
        }
        int evicted = 0;
        long freed = 0;
        for (Eviction.Entry entry : Eviction.plan(entries, bound.maxBytes())) {
            if (evict(entry)) {
                evicted++;
                freed += entry.bytes();
            }
        }
        if (evicted > 0) {
            LOG.infof("artifact cache %s: evicted %d least recently used entries (%d bytes) to stay within %d bytes",
                    root, evicted, freed, bound.maxBytes());
        }
        return new Pruned(evicted, freed);
    }

    /** Evicts {@code planned} unless a request holds its key or used it since it was planned. */
    private boolean evict(Eviction.Entry planned) throws IOException {
        Path entry = root.resolve(planned.key());
        Path evicting = root.resolve(EVICTING + planned.key() + "-" + UUID.randomUUID());
        try (KeyLocks.Held held = locks.tryHold(planned.key())) {
            if (held == null || !Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)
                    || !lastUsed(entry).toInstant().equals(planned.lastUsed())) {
                return false;
            }
            Files.move(entry, evicting, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException gone) {
            return false;
        }
        ArtifactCache.removeAll(evicting);
        return true;
    }

    /** Deletes what evictions left (renamed under a lock, never read again, so no lock is needed). */
    private void removeEvicting() throws IOException {
        try (DirectoryStream<Path> left = Files.newDirectoryStream(root, EVICTING + "*")) {
            for (Path dir : left) {
                try {
                    ArtifactCache.removeAll(dir);
                } catch (NoSuchFileException raced) {
                    // another process deletes it too
                }
            }
        }
    }

    /** When a request last used the entry: its folder's time, set on every use. */
    static FileTime lastUsed(Path entry) throws IOException {
        return Files.getLastModifiedTime(entry, LinkOption.NOFOLLOW_LINKS);
    }

    /** The entry's bytes as recorded when it was built, counted when an older launcher built it. */
    private static long bytes(Path entry) throws IOException {
        Properties meta = ArtifactCache.read(entry.resolve(ArtifactCache.META));
        String recorded = meta == null ? null : meta.getProperty("bytes");
        return recorded != null ? Long.parseLong(recorded) : bytesUnder(entry);
    }

    /** The size of the regular files under {@code dir} (links not followed). */
    static long bytesUnder(Path dir) throws IOException {
        long[] total = {0};
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile()) {
                    total[0] += attrs.size();
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return total[0];
    }
}
