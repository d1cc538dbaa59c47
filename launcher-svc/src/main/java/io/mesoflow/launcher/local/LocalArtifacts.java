package io.mesoflow.launcher.local;

import io.mesoflow.events.EventCodec;
import io.mesoflow.events.LaunchSpec;
import io.mesoflow.events.TaskPlacement;
import io.mesoflow.launcher.LauncherConfig;
import io.mesoflow.launcher.artifact.ArtifactCache;
import io.mesoflow.launcher.artifact.UrlSource;
import io.mesoflow.launcher.store.LaunchedTaskEntity;
import io.mesoflow.launcher.store.LauncherStore;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The local agent's {@link ArtifactFetcher}, through the cache {@code local.artifact-cache} names, kept
 * within {@code local.artifact-cache-max-size}: what the unfinished tasks of this agent (the store's
 * launched tasks) use is never evicted. Pruning runs on a thread of its own, so no task start waits for
 * a delete.
 */
@ApplicationScoped
public class LocalArtifacts {
    @Inject
    LauncherConfig config;

    @Inject
    LauncherStore store;

    private ArtifactFetcher fetcher;
    private ExecutorService pruning;

    /** Made on first use (the cache folder is created then), so a Mesos launcher never makes one. */
    public synchronized ArtifactFetcher fetcher() throws IOException {
        if (fetcher == null) {
            Path dir = cacheDir(config.local());
            TaskFiles.createSearchable(dir.getParent()); // the work dir, if it is the parent: task users pass it
            pruning = Executors.newSingleThreadExecutor(r -> {
                Thread thread = new Thread(r, "artifact-cache-pruning");
                thread.setDaemon(true);
                return thread;
            });
            ArtifactCache cache = new ArtifactCache(dir, new UrlSource(), new ArtifactCache.Bound(
                    config.local().artifactCacheMaxSize().asLongValue(), this::inUse, pruning));
            cache.pruneSoon(); // a lowered bound, or what a crash left, is seen to before the first fetch
            fetcher = ArtifactFetcher.cached(cache);
        }
        return fetcher;
    }

    /** The cache keys of the artifacts this agent's unfinished tasks use. */
    Set<String> inUse() {
        return keysOf(store.unfinished(), config.local().agentId());
    }

    static Set<String> keysOf(List<LaunchedTaskEntity> unfinished, String agentId) {
        Set<String> keys = new HashSet<>();
        for (LaunchedTaskEntity task : unfinished) {
            if (task.placement != null && (task.agentId == null || Objects.equals(task.agentId, agentId))) {
                LaunchSpec launch = EventCodec.fromJson(task.placement, TaskPlacement.class).launch();
                if (launch != null && launch.artifactUrl() != null) {
                    keys.add(ArtifactCache.keyOf(launch.artifactUrl(), launch.artifactSha256()));
                }
            }
        }
        return keys;
    }

    @PreDestroy
    synchronized void stop() {
        if (pruning != null) {
            pruning.shutdownNow();
        }
    }

    static Path cacheDir(LauncherConfig.Local local) {
        return local.artifactCache().map(Path::of)
                .orElseGet(() -> Path.of(local.workDir()).resolve(".artifact-cache")).toAbsolutePath();
    }
}
