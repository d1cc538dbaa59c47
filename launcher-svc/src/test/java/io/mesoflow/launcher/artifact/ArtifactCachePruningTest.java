package io.mesoflow.launcher.artifact;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashSet;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactCachePruningTest {
    static final int SIZE = 1000;

    @TempDir
    Path tmp;

    CountingSource source;
    Set<String> inUse;
    volatile boolean inUseUnknown;
    ArtifactCache cache;

    @BeforeEach
    void setUp() throws Exception {
        Files.createDirectory(tmp.resolve("artifacts"));
        source = new CountingSource(0);
        inUse = new HashSet<>();
        cache = boundTo(2 * SIZE + SIZE / 2); // room for two
    }

    ArtifactCache boundTo(long maxBytes) throws Exception {
        return new ArtifactCache(tmp.resolve("cache"), source, new ArtifactCache.Bound(maxBytes, () -> {
            if (inUseUnknown) {
                throw new IllegalStateException("the store is down");
            }
            return Set.copyOf(inUse);
        }, Runnable::run));
    }

    String script(String name) throws Exception {
        return Files.writeString(tmp.resolve("artifacts").resolve(name), "#" + "x".repeat(SIZE - 2) + "\n").toUri()
                .toString();
    }

    boolean cached(String url) {
        return Files.isDirectory(cache.root().resolve(ArtifactCache.keyOf(url, null)));
    }

    @Test
    void theLeastRecentlyUsedEntryIsEvictedWhenAFetchGoesOverTheBound() throws Exception {
        String a = script("a.sh");
        String b = script("b.sh");
        String c = script("c.sh");
        cache.get(a, null);
        cache.get(b, null);
        cache.get(a, null); // a is used again: b is now the least recently used

        cache.get(c, null);

        assertThat(cached(a)).isTrue();
        assertThat(cached(b)).isFalse();
        assertThat(cached(c)).isTrue();
        assertThat(source.opened).hasValue(3);
        cache.get(b, null);
        assertThat(source.opened).as("an evicted artifact is fetched again").hasValue(4);
    }

    @Test
    void anArtifactAnUnfinishedTaskUsesIsNotEvictedHoweverOld() throws Exception {
        String a = script("a.sh");
        String b = script("b.sh");
        String c = script("c.sh");
        inUse.add(ArtifactCache.keyOf(a, null));
        cache.get(a, null);
        cache.get(b, null);

        cache.get(c, null);

        assertThat(cached(a)).isTrue();
        assertThat(cached(b)).isFalse();
        assertThat(cached(c)).isTrue();
    }

    @Test
    void nothingIsEvictedWhileTheArtifactsInUseAreUnknown() throws Exception {
        String a = script("a.sh");
        String b = script("b.sh");
        String c = script("c.sh");
        inUseUnknown = true;

        cache.get(a, null);
        cache.get(b, null);
        cache.get(c, null);

        assertThat(cached(a) && cached(b) && cached(c)).isTrue();
    }

    @Test
    void anEntryARequestHoldsIsNotEvictedEvenWhenLeastRecentlyUsed() throws Exception {
        String a = script("a.sh");
        String b = script("b.sh");
        String c = script("c.sh");
        cache.get(a, null);
        cache.get(b, null);
        CountDownLatch filling = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<String> read = pool.submit(() -> cache.use(a, null, artifact -> {
                // a task filling its sandbox; its entry looks the oldest
                Files.setLastModifiedTime(artifact.file().getParent().getParent(), FileTime.fromMillis(0));
                filling.countDown();
                try {
                    done.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return Files.readString(artifact.file());
            }));
            assertThat(filling.await(10, TimeUnit.SECONDS)).isTrue();

            cache.get(c, null);
            done.countDown();

            assertThat(read.get(10, TimeUnit.SECONDS)).hasSize(SIZE);
        } finally {
            pool.shutdownNow();
        }
        assertThat(cached(a)).isTrue();
        assertThat(cached(b)).isFalse();
    }

    @Test
    void whatACrashLeftOfAnEvictionIsNeverSeenAndIsDeletedNextTime() throws Exception {
        String a = script("a.sh");
        Path entry = cache.get(a, null).file().getParent().getParent();
        // a crash after the rename, half-way through the delete
        Path evicting = cache.root().resolve(CachePruner.EVICTING + ArtifactCache.keyOf(a, null) + "-crashed");
        Files.move(entry, evicting);
        Files.delete(evicting.resolve(ArtifactCache.META));

        CachedArtifact again = cache.get(a, null);
        assertThat(Files.readString(again.file())).hasSize(SIZE);
        assertThat(source.opened).hasValue(2);
        cache.get(script("b.sh"), null); // a fetch: a pruning pass

        assertThat(evicting).doesNotExist();
    }

    @Test
    void anEntryFromALauncherThatRecordedNoSizeIsCountedByItsFiles() throws Exception {
        String a = script("a.sh");
        Path entry = cache.get(a, null).file().getParent().getParent();
        Properties meta = ArtifactCache.read(entry.resolve(ArtifactCache.META));
        assertThat(meta.getProperty("bytes")).isEqualTo(String.valueOf(SIZE));
        meta.remove("bytes");
        try (var out = Files.newOutputStream(entry.resolve(ArtifactCache.META))) {
            meta.store(out, null);
        }
        cache = boundTo(SIZE / 2);

        cache.get(script("b.sh"), null);

        assertThat(cached(a)).isFalse();
    }

    @Test
    void anUnboundedCacheKeepsEverything() throws Exception {
        ArtifactCache unbounded = new ArtifactCache(tmp.resolve("cache"), source);
        for (String name : new String[] {"a.sh", "b.sh", "c.sh", "d.sh"}) {
            unbounded.get(script(name), null);
        }
        try (var entries = Files.list(unbounded.root())) {
            assertThat(entries.filter(Files::isDirectory).count()).isEqualTo(4);
        }
    }
}
