package io.mesoflow.launcher.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesoflow.events.LaunchSpec;
import io.mesoflow.events.Resources;
import io.mesoflow.events.TaskPlacement;
import io.mesoflow.launcher.artifact.ArtifactCache;
import io.mesoflow.launcher.artifact.Archives;
import io.mesoflow.launcher.artifact.UrlSource;
import io.mesoflow.launcher.task.TaskEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A task's artifact in its sandbox: what the launcher writes there is its own, whatever the archive holds. */
class TaskProcessArtifactTest {
    @TempDir
    Path tmp;

    Process start(Path artifact, String entryPoint, ArtifactFetcher fetcher) throws Exception {
        TaskPlacement task = new TaskPlacement("worker-0", 0, "local", "127.0.0.1", List.of("o"),
                new Resources(0.1, 16, 0, 0), List.of(31000), new LaunchSpec(artifact.toUri().toString(), entryPoint,
                Map.of("lr", 0.1), null, Map.of(), List.of()));
        return TaskProcess.start("job-1", task, tmp.resolve("sandbox"),
                new ResourcePool.Slice(0.1, 16, 0, new TreeSet<>(), new TreeSet<>()), List.of(), RunAs.launcherItself(),
                TaskProcess.DEFAULT_PRELUDE, fetcher);
    }

    @Test
    void anArchivesLinkNamedLikeALauncherFileIsNeverWrittenThrough() throws Exception {
        Path victim = Files.writeString(tmp.resolve("victim"), "untouched");
        Path zip = Archives.of().symlink(TaskEnvironment.CONTEXT_FILE, victim.toString())
                .file("run.sh", "#!/bin/sh\ncat " + TaskEnvironment.CONTEXT_FILE + "\n", 0755)
                .zip(tmp.resolve("app.zip"));

        for (ArtifactFetcher fetcher : List.of(ArtifactFetcher.direct(), // both ways into a sandbox
                ArtifactFetcher.cached(new ArtifactCache(tmp.resolve("cache"), new UrlSource())))) {
            Process p = start(zip, "./run.sh", fetcher);
            assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();

            assertThat(Files.readString(victim)).isEqualTo("untouched");
            Path context = tmp.resolve("sandbox").resolve(TaskEnvironment.CONTEXT_FILE);
            assertThat(Files.isSymbolicLink(context)).isFalse();
            assertThat(Files.readString(tmp.resolve("sandbox/stdout"))).isEqualTo("{\"lr\":0.1}");
            deleteSandbox();
        }
    }

    void deleteSandbox() throws Exception {
        try (var all = Files.walk(tmp.resolve("sandbox"))) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
