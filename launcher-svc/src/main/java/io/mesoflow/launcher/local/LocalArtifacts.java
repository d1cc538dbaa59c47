package io.mesoflow.launcher.local;

import io.mesoflow.launcher.LauncherConfig;
import io.mesoflow.launcher.artifact.ArtifactCache;
import io.mesoflow.launcher.artifact.UrlSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;

/** The local agent's {@link ArtifactFetcher}, through the cache {@code local.artifact-cache} names. */
@ApplicationScoped
public class LocalArtifacts {
    @Inject
    LauncherConfig config;

    private ArtifactFetcher fetcher;

    /** Made on first use (the cache folder is created then), so a Mesos launcher never makes one. */
    public synchronized ArtifactFetcher fetcher() throws IOException {
        if (fetcher == null) {
            Path dir = cacheDir(config.local());
            TaskFiles.createSearchable(dir.getParent()); // the work dir, if it is the parent: task users pass it
            fetcher = ArtifactFetcher.cached(new ArtifactCache(dir, new UrlSource()));
        }
        return fetcher;
    }

    static Path cacheDir(LauncherConfig.Local local) {
        return local.artifactCache().map(Path::of)
                .orElseGet(() -> Path.of(local.workDir()).resolve(".artifact-cache")).toAbsolutePath();
    }
}
