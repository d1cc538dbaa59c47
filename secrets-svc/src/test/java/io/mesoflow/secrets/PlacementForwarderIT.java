package io.mesoflow.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesoflow.events.LaunchRequested;
import io.mesoflow.events.LaunchSpec;
import io.mesoflow.events.Resources;
import io.mesoflow.events.TaskPlacement;
import io.mesoflow.events.TasksPlaced;
import io.mesoflow.events.Topics;
import io.mesoflow.testing.MesoflowTestResource;
import io.mesoflow.testing.TestTopics;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(MesoflowTestResource.class)
class PlacementForwarderIT {

    @Test
    void placementWithoutSecretsBecomesALaunchRequestWithTheSameTasks() {
        TaskPlacement task = new TaskPlacement("worker-0", 0, "agent-1", "h", List.of("o-1"),
                new Resources(1, 256, 0, 0), List.of(31000),
                new LaunchSpec("file:///t.py", "python3 t.py", Map.of(), "/out", Map.of("MESOFLOW_TASK", "worker-0"),
                        List.of()));
        try (TestTopics topics = TestTopics.forCurrentTest()) {
            topics.send(Topics.PLACEMENTS, new TasksPlaced("job-s", 1, List.of(task), Instant.now()));

            LaunchRequested launch = topics.await(Topics.LAUNCHES, LaunchRequested.class,
                    l -> l.jobId().equals("job-s"), Duration.ofSeconds(30));

            assertThat(launch.tasks()).containsExactly(task);
            assertThat(launch.secrets()).isEmpty();
        }
    }
}
