package io.mesoflow.launcher.artifact;

import io.mesoflow.launcher.task.TaskPrelude;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
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
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * One agent's artifacts, each fetched and unpacked once into {@code <root>/<key>/} ({@code file/<name>},
 * {@code tree/}, {@code artifact.properties}) and shared by every task and attempt that names it, so N
 * tasks of a 1.6 GB environment cost 1.6 GB, not N times that. The key is the URL, with the spec's
 * SHA-256 when it gives one (a download that differs is not kept: {@link ArtifactDigestMismatch}).
 * A {@code file://} entry is fetched again when the file's size or modification time changes; an
 * http(s) entry stays until it is removed (a new URL or a pinned digest gets a new entry).
 *
 * <p>The root is 0700 and its files read-only for all: tasks get hard links to them, which they may
 * read, delete or replace in their own sandbox but not change in place. Concurrent requests for one
 * key fetch once: a lock per key, in this process and (a file lock) between processes ({@link KeyLocks}).
 *
 * <p>With a {@link Bound}, the least recently used entries are evicted after each fetch (on the bound's
 * executor) while the cache holds more than its bytes, never one an unfinished task uses or a request
 * holds ({@link Eviction}, {@link CachePruner}): a task's sandbox keeps its hard links either way.
 */
public final class ArtifactCache {
    static final String META = "artifact.properties";
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;
    private static final Logger LOG = Logger.getLogger(ArtifactCache.class);

    private final Path root;
    private final ArtifactSource source;
    private final KeyLocks locks;
    private final Bound bound;
    private final CachePruner pruner;
    private final AtomicBoolean pruneQueued = new AtomicBoolean();

    /** The keys of the artifacts that unfinished tasks on this agent use ({@link #keyOf}). */
    @FunctionalInterface
    public interface InUse {
        Set<String> keys() throws Exception;
    }

    /**
     * How much the cache may hold: at most {@code maxBytes} of entries besides those {@code inUse} names,
     * pruned on {@code executor}.
     */
    public record Bound(long maxBytes, InUse inUse, Executor executor) {
    }

    /** A cache in {@code root}, created 0700 when absent; fetched from {@code source}; never pruned. */
    public ArtifactCache(Path root, ArtifactSource source) throws IOException {
        this(root, source, null);
    }

    /** A cache in {@code root} that {@code bound} (null: none) keeps within its bytes. */
    public ArtifactCache(Path root, ArtifactSource source, Bound bound) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        this.source = source;
        Files.createDirectories(this.root);
        Files.setPosixFilePermissions(this.root, PosixFilePermissions.fromString("rwx------"));
        this.locks = new KeyLocks(this.root);
        this.bound = bound;
        this.pruner = bound == null ? null : new CachePruner(this.root, locks, bound);
    }

    /** The cache key of the artifact at {@code url}, pinned to {@code sha256} when not null. */
    public static String keyOf(String url, String sha256) {
        return Downloads.sha256Hex(url + "\n" + (sha256 == null ? "" : sha256.toLowerCase(Locale.ROOT)));
    }

    public Path root() {
        return root;
    }

    /** What is done with an entry while it cannot be replaced. */
    @FunctionalInterface
    public interface Use<T> {
        T with(CachedArtifact artifact) throws IOException;
    }

    /**
     * The artifact at {@code url} (pinned to {@code sha256} when not null), fetched and unpacked if need
     * be. A changed {@code file://} source may replace the entry, and a bound evict it, once this returns:
     * see {@link #use}.
     */
    public CachedArtifact get(String url, String sha256) throws IOException {
        return use(url, sha256, artifact -> artifact);
    }

    /**
     * Hands the artifact's entry to {@code use} while no other request for it can replace or evict it, and
     * marks it used now; after a fetch, queues a pruning pass when the cache is bounded.
     */
    public <T> T use(String url, String sha256, Use<T> use) throws IOException {
        String key = keyOf(url, sha256);
        boolean fetched = false;
        try (KeyLocks.Held held = locks.hold(key)) {
            Built built = getLocked(key, url, sha256);
            fetched = built.fetched();
            Files.setLastModifiedTime(root.resolve(key), FileTime.from(Instant.now()));
            return use.with(built.artifact());
        } finally {
            if (fetched) {
                pruneSoon();
            }
        }
    }

    /** Queues a pruning pass on the bound's executor unless one is queued already; nothing when unbounded. */
    public void pruneSoon() {
        if (pruner == null || !pruneQueued.compareAndSet(false, true)) {
            return;
        }
        try {
            bound.executor().execute(() -> {
                pruneQueued.set(false);
                try {
                    pruner.prune();
                } catch (IOException | RuntimeException e) {
                    LOG.warnf(e, "pruning the artifact cache %s failed; the next fetch tries again", root);
                }
            });
        } catch (RejectedExecutionException stopping) {
            pruneQueued.set(false); // the launcher stops: the next one prunes
        }
    }

    private record Built(CachedArtifact artifact, boolean fetched) {
    }

    private Built getLocked(String key, String url, String sha256) throws IOException {
        URI uri = URI.create(url);
        String name = TaskPrelude.artifactFile(url);
        // a name that could leave a folder (or is none) is refused before anything is written
        if (EntryPath.of(name).toString().isEmpty()) {
            throw new IOException("artifact URL " + url + " names no file");
        }
        Path entry = root.resolve(key);
        Optional<String> version = source.version(uri);
        Properties meta = read(entry.resolve(META));
        if (meta != null && version.map(v -> v.equals(meta.getProperty("version"))).orElse(true)) {
            return new Built(artifactOf(entry, name, meta.getProperty("sha256")), false);
        }
        removeAll(entry);
        removeLeftovers(key);
        Path building = Files.createDirectory(root.resolve(".tmp-" + key + "-" + UUID.randomUUID()));
        try {
            Path file = Files.createDirectory(building.resolve("file")).resolve(name);
            String digest = Downloads.download(source, uri, file);
            Downloads.check(name, digest, sha256);
            ArchiveFormat format = ArchiveFormat.of(name);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(format.isArchive() ? "r--r--r--"
                    : "r-xr-xr-x"));
            if (format.isArchive()) {
                Unpacker.unpack(file, format, new SafeTree(Files.createDirectory(building.resolve("tree")),
                        SafeTree.Use.CACHE));
            }
            Properties written = new Properties();
            written.setProperty("url", url);
            written.setProperty("sha256", digest);
            version.ifPresent(v -> written.setProperty("version", v));
            written.setProperty("bytes", String.valueOf(CachePruner.bytesUnder(building)));
            try (OutputStream out = Files.newOutputStream(building.resolve(META))) {
                written.store(out, "a MesoFlow artifact cache entry");
            }
            Files.move(building, entry, StandardCopyOption.ATOMIC_MOVE);
            return new Built(artifactOf(entry, name, digest), true);
        } finally {
            removeAll(building);
        }
    }

    private static CachedArtifact artifactOf(Path entry, String name, String sha256) {
        Path tree = entry.resolve("tree");
        return new CachedArtifact(name, entry.resolve("file").resolve(name), Files.isDirectory(tree, NOFOLLOW) ? tree
                : null, sha256);
    }

    static Properties read(Path meta) throws IOException {
        try (InputStream in = Files.newInputStream(meta, NOFOLLOW)) {
            Properties properties = new Properties();
            properties.load(in);
            return properties;
        } catch (NoSuchFileException absent) {
            return null;
        }
    }

    /** What a crash left while building {@code key} (the key's lock is held: nobody builds it now). */
    private void removeLeftovers(String key) throws IOException {
        try (DirectoryStream<Path> stale = Files.newDirectoryStream(root, ".tmp-" + key + "-*")) {
            for (Path dir : stale) {
                removeAll(dir);
            }
        }
    }

    /** Deletes {@code path} and all below it; links are deleted, never followed. */
    static void removeAll(Path path) throws IOException {
        if (!Files.exists(path, NOFOLLOW)) {
            return;
        }
        Files.walkFileTree(path, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
