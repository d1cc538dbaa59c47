package io.mesoflow.testing.mesos;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.mesos.v1.Protos;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulatedClusterTest {
    @TempDir
    Path work;

    @Test
    void aClusterOfTwoCpuAgentsAndOneGpuAgentOffersEachOnItsOwnLoopbackAddress() throws Exception {
        try (SimulatedCluster cluster = SimulatedCluster.start(work, 2, 1, 1, 0);
             SchedulerClient scheduler = new SchedulerClient(cluster.master().url())) {
            assertThat(cluster.agents()).extracting(a -> a.spec().hostname())
                    .containsExactly("127.0.0.2", "127.0.0.3", "127.0.0.4");
            scheduler.subscribe(SchedulerClient.framework("ml", true));

            for (SimulatedAgent a : cluster.agents()) {
                Protos.Offer o = scheduler.awaitOffer(a.id(), 0, Duration.ofSeconds(10));
                assertThat(o.getUrl().getAddress().getIp()).isEqualTo(a.spec().hostname());
                assertThat(ResourceBag.of(o.getResourcesList()).scalar("gpus")).isEqualTo(a.spec().secretVolumes() ? 1 : 0);
                assertThat(ClusterFixture.get(a.url() + "/files/read?path=/nope").statusCode()).isEqualTo(404);
            }
            assertThat(cluster.agents()).extracting(a -> a.spec().portsBegin()).containsExactly(31000, 32000, 33000);
            assertThat(cluster.agents()).extracting(a -> a.spec().gpus()).isEqualTo(List.of(0, 0, 1));
        }
    }
}
