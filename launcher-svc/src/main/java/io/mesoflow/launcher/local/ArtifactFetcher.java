package io.mesoflow.launcher.local;

import io.mesoflow.events.LaunchSpec;
import io.mesoflow.launcher.artifact.ArtifactCache;
import io.mesoflow.launcher.artifact.DirectFetch;
import io.mesoflow.launcher.artifact.SandboxFill;
import io.mesoflow.launcher.artifact.UrlSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jboss.logging.Logger;

/**
 * Puts a task's artifact (file://, http://, https://) into its sandbox: from the agent's
 * {@link ArtifactCache} (fetched and unpacked once, hard-linked into each sandbox), or, without a
 * cache, fetched and unpacked straight into it. Either way the fetched file stays in the sandbox beside
 * what it unpacked, and an artifact that is not the one {@code artifactSha256} pins fails the task.
 */
public final class ArtifactFetcher {
    private static final Logger LOG = Logger.getLogger(ArtifactFetcher.class);

    private final ArtifactCache cache;
    private volatile boolean warnedCopies;

    private ArtifactFetcher(ArtifactCache cache) {
        this.cache = cache;
    }

    /** Fetches into each sandbox anew (what tests and a launcher without a cache do). */
    public static ArtifactFetcher direct() {
        return new ArtifactFetcher(null);
    }

    /** Fetches through {@code cache}. */
    public static ArtifactFetcher cached(ArtifactCache cache) {
        return new ArtifactFetcher(cache);
    }

    /** Puts {@code launch}'s artifact into {@code sandbox} (created when absent). */
    public void fetch(LaunchSpec launch, Path sandbox) throws IOException {
        Files.createDirectories(sandbox);
        if (cache == null) {
            DirectFetch.fetch(new UrlSource(), launch.artifactUrl(), launch.artifactSha256(), sandbox);
            return;
        }
        SandboxFill.Filled filled = cache.use(launch.artifactUrl(), launch.artifactSha256(),
                artifact -> SandboxFill.fill(artifact, sandbox));
        if (filled.copied() > 0 && !warnedCopies) {
            warnedCopies = true;
            LOG.warnf("the artifact cache %s and the sandboxes (%s) are on different file systems: every task "
                    + "copies its artifact; put mesoflow.launcher.local.artifact-cache on the work dir's file system",
                    cache.root(), sandbox.getParent());
        }
    }
}
