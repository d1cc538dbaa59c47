package io.mesoflow.launcher.mesos;

import io.mesoflow.events.LaunchSpec;
import io.mesoflow.launcher.artifact.ArchiveFormat;
import io.mesoflow.launcher.task.TaskPrelude;
import java.net.URI;
import org.apache.mesos.v1.Protos;

/**
 * How the Mesos fetcher puts a task's artifact into its sandbox. Pure.
 * <ul>
 * <li>{@code extract} for a {@code .zip}, {@code .tar.gz}, {@code .tgz} or {@code .tar} (the fetcher
 * unpacks them with libarchive, keeping modes and symbolic links, and keeps the archive beside them);
 * a single file is {@code executable} instead (a script run as the entry point).
 * <li>{@code cache} (the agent's fetcher cache: one download per agent and task user) only for an
 * http(s) URL that the fetcher can cache and the task can still check: not for a {@code file://} one
 * (the cache never notices a changed file, and a local copy costs no download), not for one with a
 * query or fragment (the cache file then lacks the archive's extension and is not unpacked), and not
 * when the spec pins a digest ({@code artifactSha256}): a cached archive is unpacked without the
 * archive itself in the sandbox, where the task checks the digest.
 * <li>{@code output_file}, the name the task sees (the URL path's last segment), when the URL has a
 * query or fragment, which the fetcher would otherwise keep in the name.
 * </ul>
 */
final class ArtifactUri {
    private ArtifactUri() {
    }

    static Protos.CommandInfo.URI of(LaunchSpec launch) {
        String url = launch.artifactUrl();
        URI uri = URI.create(url);
        String name = TaskPrelude.artifactFile(url);
        boolean archive = ArchiveFormat.of(name).isArchive();
        Protos.CommandInfo.URI.Builder fetch = Protos.CommandInfo.URI.newBuilder().setValue(url)
                .setExtract(archive).setExecutable(!archive).setCache(cacheable(uri, launch.artifactSha256()));
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            fetch.setOutputFile(name);
        }
        return fetch.build();
    }

    static boolean cacheable(URI uri, String sha256) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme();
        return (scheme.equals("http") || scheme.equals("https")) && uri.getRawQuery() == null
                && uri.getRawFragment() == null && sha256 == null;
    }
}
