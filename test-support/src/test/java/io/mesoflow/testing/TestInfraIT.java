package io.mesoflow.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesoflow.events.JobCancelRequested;
import io.mesoflow.events.Topics;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TestInfraIT {

    @Test
    void brokerCarriesEventsBetweenAProducerAndAConsumer() {
        try (TestTopics topics = new TestTopics(TestInfra.kafka().bootstrapServers(), TestInfra.isolatedNamespace() + ".")) {
            topics.send(Topics.JOBS, new JobCancelRequested("job-42", "test", Instant.now()));

            JobCancelRequested seen = topics.await(Topics.JOBS, JobCancelRequested.class,
                    e -> e.jobId().equals("job-42"), Duration.ofSeconds(30));

            assertThat(seen.reason()).isEqualTo("test");
        }
    }

    @Test
    void eachNamespaceGetsItsOwnEmptyDatabase() throws Exception {
        PostgresServer postgres = TestInfra.postgres();
        String first = postgres.createDatabase(TestInfra.isolatedNamespace());
        String second = postgres.createDatabase(TestInfra.isolatedNamespace());

        try (Connection c = DriverManager.getConnection(first, postgres.username(), postgres.password())) {
            c.createStatement().execute("CREATE TABLE marker (id int)");
        }
        try (Connection c = DriverManager.getConnection(second, postgres.username(), postgres.password());
             ResultSet rs = c.createStatement().executeQuery(
                     "SELECT count(*) FROM information_schema.tables WHERE table_name = 'marker'")) {
            rs.next();
            assertThat(rs.getInt(1)).isZero();
        }
    }

    @Test
    void brokerComesBackWithItsDataAfterAKill() {
        KafkaBroker broker = new KafkaBroker(TestInfra.workDir().resolve("kafka-restart-" + System.nanoTime())).start();
        try (TestTopics topics = new TestTopics(broker.bootstrapServers(), "restart.")) {
            topics.send(Topics.JOBS, new JobCancelRequested("before-kill", "r", Instant.now()));
            broker.kill();
            broker.restart();

            assertThat(topics.await(Topics.JOBS, JobCancelRequested.class, e -> e.jobId().equals("before-kill"),
                    Duration.ofSeconds(30))).isNotNull();
        } finally {
            broker.close();
        }
    }
}
