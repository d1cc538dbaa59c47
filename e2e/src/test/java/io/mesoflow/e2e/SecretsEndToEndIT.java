package io.mesoflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mesoflow.testing.LocalStack;
import io.mesoflow.testing.SharedStack;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A job with a secret runs through every service, then the secret's value is searched for in
 * every Kafka record of every topic, every database row of every service, every log line, every
 * API response of the run and every file the stack wrote: it may only be in the task's sandbox
 * file (and its environment, which the task checks).
 */
class SecretsEndToEndIT {
    static LocalStack stack;

    @BeforeAll
    static void startTheSystem() {
        stack = SharedStack.get();
    }

    @Test
    void aSecretValueIsFoundOnlyInTheTasksSandboxFileAndEnvironment() throws Exception {
        String value = "canary-" + UUID.randomUUID();
        Jobs.api(stack).contentType("application/json").body("{\"value\": \"" + value + "\"}")
                .put("/api/v1/secrets/teams/default/canary#value").then().statusCode(204);
        ObjectNode spec = Jobs.example("single-worker.json");
        spec.put("name", "secret-canary");
        spec.put("entryPoint", "test \"$CANARY\" = \"$(cat canary.txt)\" && printf %s \"$CANARY\" | sha256sum "
                + "| cut -c1-64 > \"$MESOFLOW_OUTPUT_DIR/canary.sha256\" && echo checked");
        ArrayNode secrets = spec.putArray("secrets");
        secrets.addObject().put("source", "local:teams/default/canary#value").put("env", "CANARY");
        secrets.addObject().put("source", "local:teams/default/canary#value").put("file", "canary.txt");
        List<String> responses = new ArrayList<>();

        String id = Jobs.submit(stack, spec);
        Jobs.awaitState(stack, id, Duration.ofSeconds(90), "SUCCEEDED");

        for (String path : List.of("/api/v1/jobs/" + id, "/api/v1/jobs/" + id + "/tasks", "/api/v1/jobs/" + id + "/events",
                "/api/v1/jobs/" + id + "/revisions", "/api/v1/jobs", "/api/v1/jobs/" + id + "/tasks/worker-0/logs",
                "/api/v1/jobs/" + id + "/tasks/worker-0/logs?stream=stderr", "/api/v1/audit/secrets?jobId=" + id)) {
            responses.add(Jobs.api(stack).get(path).then().statusCode(200).extract().asString());
        }
        String outputDir = Jobs.get(stack, id).getString("outputDir");
        assertThat(Files.readString(Path.of(outputDir, "canary.sha256")).strip()).isEqualTo(sha256(value));
        assertThat(responses.get(5)).contains("checked");
        assertThat(responses.get(7)).contains("local:teams/default/canary#value", "RESOLVED");

        assertThat(responses).as("API responses").noneMatch(r -> r.contains(value));
        assertThat(kafkaRecordsContaining(value)).as("Kafka records").isEmpty();
        assertThat(databaseRowsContaining(value)).as("database rows").isEmpty();
        List<Path> files = filesContaining(stack.work(), value);
        assertThat(files).as("files under " + stack.work()).singleElement()
                .satisfies(f -> assertThat(f.getFileName().toString()).isEqualTo("canary.txt"))
                .satisfies(f -> assertThat(f.toString()).contains("/sandboxes/" + id + "/worker-0/"));
    }

    @Test
    void aJobNamingAMissingSecretFailsOnceWithTheReasonAndIsNotRetried() throws Exception {
        ObjectNode spec = Jobs.example("single-worker.json");
        spec.put("name", "secret-missing");
        spec.putArray("secrets").addObject().put("source", "local:teams/default/nowhere#key").put("env", "X");

        String id = Jobs.submit(stack, spec);

        var job = Jobs.awaitState(stack, id, Duration.ofSeconds(60), "FAILED");
        assertThat(job.getString("reason")).contains("local:teams/default/nowhere#key");
        Thread.sleep(2000);
        assertThat(Jobs.attempts(stack, id)).hasSize(1);
        assertThat(Jobs.attempts(stack, id).get(0).path("state").asText()).isEqualTo("ERROR");
    }

    static List<String> kafkaRecordsContaining(String value) throws Exception {
        Map<String, Object> config = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers());
        List<String> found = new ArrayList<>();
        try (Admin admin = Admin.create(config); KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "leak-search-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<String> topics = new ArrayList<>(admin.listTopics(new org.apache.kafka.clients.admin.ListTopicsOptions()
                    .listInternal(true)).names().get());
            assertThat(topics).contains("mesoflow.launches", "mesoflow.placements", "mesoflow.audit");
            // read every partition up to its end now (offers keep flowing while the local agent is idle)
            List<org.apache.kafka.common.TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                consumer.partitionsFor(topic).forEach(p -> partitions.add(
                        new org.apache.kafka.common.TopicPartition(p.topic(), p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<org.apache.kafka.common.TopicPartition, Long> ends = consumer.endOffsets(partitions);
            int seen = 0;
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (ends.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())
                    && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    seen++;
                    String text = (r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8))
                            + (r.value() == null ? "" : new String(r.value(), StandardCharsets.UTF_8));
                    if (text.contains(value)) {
                        found.add(r.topic() + "@" + r.offset());
                    }
                }
            }
            assertThat(seen).as("records read").isPositive();
        }
        return found;
    }

    static List<String> databaseRowsContaining(String value) throws Exception {
        List<String> found = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(stack.jdbcUrl(), stack.postgres().username(),
                stack.postgres().password()); Statement s = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT table_schema || '.' || table_name FROM information_schema.tables "
                    + "WHERE table_schema NOT IN ('pg_catalog', 'information_schema')")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            assertThat(tables).contains("jobapi.jobs", "secrets.pending_placements", "launcher.launched_tasks");
            for (String table : tables) {
                try (ResultSet rs = s.executeQuery("SELECT CAST(t AS text) FROM " + table + " t")) {
                    while (rs.next()) {
                        if (rs.getString(1).contains(value)) {
                            found.add(table);
                        }
                    }
                }
            }
        }
        return found;
    }

    static List<Path> filesContaining(Path root, String value) throws Exception {
        byte[] needle = value.getBytes(StandardCharsets.UTF_8);
        List<Path> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                byte[] bytes;
                try {
                    bytes = Files.readAllBytes(f);
                } catch (java.io.IOException e) {
                    continue;
                }
                if (indexOf(bytes, needle) >= 0) {
                    found.add(f);
                }
            }
        }
        return found;
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    static String sha256(String value) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
    }
}
