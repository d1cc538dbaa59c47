package io.mesoflow.launcher.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesoflow.events.EventCodec;
import io.mesoflow.events.LaunchSpec;
import io.mesoflow.events.Resources;
import io.mesoflow.events.TaskPlacement;
import io.mesoflow.launcher.artifact.ArtifactCache;
import io.mesoflow.launcher.store.LaunchedTaskEntity;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which cached artifacts the local agent's unfinished tasks pin. */
class LocalArtifactsTest {
    static LaunchedTaskEntity unfinished(String agentId, String url, String sha256) {
        LaunchedTaskEntity task = new LaunchedTaskEntity();
        task.agentId = agentId;
        task.placement = EventCodec.json(new TaskPlacement("worker-0", 0, agentId == null ? "local" : agentId,
                "localhost", List.of(), new Resources(1, 64, 0, 0), List.of(), new LaunchSpec(url, "python x.py",
                Map.of(), null, Map.of(), List.of(), "vision", null, null, null, sha256)));
        return task;
    }

    @Test
    void theArtifactsOfThisAgentsUnfinishedTasksArePinnedByUrlAndDigest() {
        String digest = "ab".repeat(32);
        List<LaunchedTaskEntity> tasks = List.of(unfinished("local", "file:///envs/a.zip", null),
                unfinished("local", "https://repo/b.zip", digest), unfinished(null, "https://repo/c.zip", null),
                unfinished("agent-7", "https://repo/d.zip", null), new LaunchedTaskEntity());

        assertThat(LocalArtifacts.keysOf(tasks, "local")).containsExactlyInAnyOrder(
                ArtifactCache.keyOf("file:///envs/a.zip", null), ArtifactCache.keyOf("https://repo/b.zip", digest),
                ArtifactCache.keyOf("https://repo/c.zip", null));
    }
}
