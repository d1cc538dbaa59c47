package io.mesoflow.launcher.artifact;

import io.mesoflow.launcher.task.TaskPrelude;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

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
 * key fetch once: a lock per key, in this process and (a file lock) between processes.
 */
public final class ArtifactCache {
    private static final String META = "artifact.properties";
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

    private final Path root;
    private final ArtifactSource source;
    private final ConcurrentHashMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();

    /** A cache in {@code root}, created 0700 when absent; fetched from {@code source}. */
    public ArtifactCache(Path root, ArtifactSource source) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        this.source = source;
        Files.createDirectories(this.root);
        Files.setPosixFilePermissions(this.root, PosixFilePermissions.fromString("rwx------"));
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
     * be. A changed {@code file://} source may replace the entry once this returns: see {@link #use}.
     */
    public CachedArtifact get(String url, String sha256) throws IOException {
        return use(url, sha256, artifact -> artifact);
    }

    /** Hands the artifact's entry to {@code use} while no other request for it can replace it. */
    public <T> T use(String url, String sha256, Use<T> use) throws IOException {
        String key = Downloads.sha256Hex(url + "\n" + (sha256 == null ? "" : sha256.toLowerCase(Locale.ROOT)));
        ReentrantLock lock = locks.computeIfAbsent(key, k -> new ReentrantLock());
        lock.lock();
        try (FileChannel channel = FileChannel.open(root.resolve(key + ".lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock held = channel.lock()) {
            return use.with(getLocked(key, url, sha256));
        } finally {
            lock.unlock();
        }
    }

    private CachedArtifact getLocked(String key, String url, String sha256) throws IOException {
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
            return artifactOf(entry, name, meta.getProperty("sha256"));
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
            try (OutputStream out = Files.newOutputStream(building.resolve(META))) {
                written.store(out, "a MesoFlow artifact cache entry");
            }
            Files.move(building, entry, StandardCopyOption.ATOMIC_MOVE);
            return artifactOf(entry, name, digest);
        } finally {
            removeAll(building);
        }
    }

    private static CachedArtifact artifactOf(Path entry, String name, String sha256) {
        Path tree = entry.resolve("tree");
        return new CachedArtifact(name, entry.resolve("file").resolve(name), Files.isDirectory(tree, NOFOLLOW) ? tree
                : null, sha256);
    }

    private static Properties read(Path meta) throws IOException {
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
