package io.mesoflow.placement;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesoflow.events.EventCodec;
import io.mesoflow.events.JobSpec;
import io.mesoflow.events.JobSubmitted;
import io.mesoflow.events.OfferMade;
import io.mesoflow.events.PortRange;
import io.mesoflow.events.Role;
import io.mesoflow.events.TaskPlacement;
import io.mesoflow.events.TasksPlaced;
import io.mesoflow.events.Topics;
import io.mesoflow.testing.FreePorts;
import io.mesoflow.testing.JobSpecs;
import io.mesoflow.testing.PostgresServer;
import io.mesoflow.testing.ServiceProcess;
import io.mesoflow.testing.TestInfra;
import io.mesoflow.testing.TestTopics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * (A {@code @QuarkusTest} only to share the test JVM's Kafka broker and PostgreSQL server, which
 * live in Quarkus's class loader; the in-process instance works in another namespace.)
 * Two placement-svc processes (the packaged jar) on one database and one consumer group, fed jobs
 * and offers at the same time: every job is placed exactly once and no offer is used twice.
 */
@io.quarkus.test.junit.QuarkusTest
@io.quarkus.test.common.WithTestResource(io.mesoflow.testing.MesoflowTestResource.class)
class TwoInstancesIT {
    static final int JOBS = 40;

    @Test
    void noJobAndNoOfferIsPlacedTwiceByTwoInstances() throws Exception {
        String namespace = TestInfra.isolatedNamespace();
        PostgresServer postgres = TestInfra.postgres();
        Map<String, String> properties = Map.of(
                "kafka.bootstrap.servers", TestInfra.kafka().bootstrapServers(),
                "mesoflow.kafka.topic-prefix", namespace + ".",
                "quarkus.datasource.jdbc.url", postgres.createDatabase(namespace),
                "quarkus.datasource.username", postgres.username(),
                "quarkus.datasource.password", postgres.password(),
                "quarkus.log.console.json.enabled", "false",
                "mesoflow.placement.offer-idle-hold", "60s");
        Path jar = Path.of("target/quarkus-app/quarkus-run.jar").toAbsolutePath();
        Path logs = TestInfra.workDir().resolve("logs");
        try (ServiceProcess one = new ServiceProcess("placement-1", jar, FreePorts.next(), properties,
                logs.resolve(namespace + "-placement-1.log")).start();
             ServiceProcess two = new ServiceProcess("placement-2", jar, FreePorts.next(), properties,
                     logs.resolve(namespace + "-placement-2.log")).start();
             TestTopics topics = new TestTopics(TestInfra.kafka().bootstrapServers(), namespace + ".")) {
            CompletableFuture.allOf(CompletableFuture.runAsync(() -> one.awaitReady(Duration.ofSeconds(120))),
                    CompletableFuture.runAsync(() -> two.awaitReady(Duration.ofSeconds(120)))).join();

            for (int i = 0; i < JOBS; i++) {
                topics.send(Topics.JOBS, new JobSubmitted("job-" + i, 1, spec(1 + i % 3), Instant.now()));
            }
            for (int i = 0; i < JOBS; i++) {
                topics.send(Topics.OFFERS, new OfferMade("offer-" + i, "agent-" + i, "agent-" + i + ".example", 4,
                        4096, 10_000, 0, List.of(new PortRange(31000, 31009)), Map.of(), Instant.now()));
            }

            List<String> records = topics.readUntil(Topics.PLACEMENTS, values -> values.stream()
                    .mapToInt(v -> TasksPlaced.carriedBy(EventCodec.decode(v)).size()).sum() >= JOBS,
                    Duration.ofSeconds(90));
            // anything placed twice would arrive shortly after; read a little longer
            records = topics.readUntil(Topics.PLACEMENTS, values -> false, Duration.ofSeconds(3));

            Map<String, Integer> placementsPerJob = new HashMap<>();
            Map<String, Integer> recordPerOffer = new HashMap<>(); // one record: one ACCEPT (one job, or jobs sharing it)
            for (int r = 0; r < records.size(); r++) {
                for (TasksPlaced placed : TasksPlaced.carriedBy(EventCodec.decode(records.get(r)))) {
                    placementsPerJob.merge(placed.jobId(), 1, Integer::sum);
                    for (TaskPlacement task : placed.tasks()) {
                        for (String offer : task.offerIds()) {
                            Integer other = recordPerOffer.putIfAbsent(offer, r);
                            assertThat(other == null || other == r)
                                    .as("offer %s used by two ACCEPTs (%s and %s)", offer, other, placed.jobId()).isTrue();
                        }
                    }
                }
            }
            assertThat(placementsPerJob).hasSize(JOBS).allSatisfy((job, times) -> assertThat(times).isEqualTo(1));
        }
    }

    static JobSpec spec(int workers) {
        return JobSpecs.builder().role(Role.WORKER, workers).build();
    }
}
