package io.mesoflow.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * A real Kafka broker in KRaft mode (broker and controller in one node), run from the jars that
 * {@code deploy/local/kafka} copies, in its own JVM process. Used by every integration test.
 */
public final class KafkaBroker implements AutoCloseable {
    private final Path dir;
    private final int port;
    private final int controllerPort;
    private Process process;

    public KafkaBroker(Path dir) {
        this.dir = dir;
        this.port = FreePorts.next();
        this.controllerPort = FreePorts.next();
    }

    private KafkaBroker(int port) {
        this.dir = null;
        this.port = port;
        this.controllerPort = -1;
    }

    /** A broker another class loader of this JVM started (see TestInfra); it cannot be stopped from here. */
    static KafkaBroker attach(int port) {
        return new KafkaBroker(port);
    }

    int port() {
        return port;
    }

    /** The broker jars; the failsafe configuration passes {@code mesoflow.test.kafka-lib}. */
    public static Path libDir() {
        String lib = System.getProperty("mesoflow.test.kafka-lib", System.getenv("MESOFLOW_KAFKA_LIB"));
        if (lib == null || !Files.isDirectory(Path.of(lib))) {
            throw new IllegalStateException("Kafka broker jars not found at '" + lib
                    + "': build them with ./mvnw -pl deploy/local/kafka package");
        }
        return Path.of(lib);
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** Starts a new, empty broker (any data left in its directory is deleted first). */
    public KafkaBroker start() {
        try {
            deleteRecursively(dir);
            Files.createDirectories(dir);
            Path config = writeConfig();
            String clusterId = UUID.randomUUID().toString().replace("-", "").substring(0, 22);
            runToCompletion(List.of("kafka.tools.StorageTool", "format", "-t", clusterId, "-c", config.toString()),
                    "storage-format.log");
            process = java(List.of("kafka.Kafka", config.toString()))
                    .redirectOutput(dir.resolve("broker.log").toFile())
                    .start();
            awaitReady(Duration.ofSeconds(60));
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path writeConfig() throws IOException {
        Properties p = new Properties();
        p.putAll(Map.ofEntries(
                Map.entry("process.roles", "broker,controller"),
                Map.entry("node.id", "1"),
                Map.entry("controller.quorum.voters", "1@127.0.0.1:" + controllerPort),
                Map.entry("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort),
                Map.entry("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port),
                Map.entry("controller.listener.names", "CONTROLLER"),
                Map.entry("inter.broker.listener.name", "PLAINTEXT"),
                Map.entry("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"),
                Map.entry("log.dirs", dir.resolve("data").toString()),
                Map.entry("num.partitions", "4"),
                Map.entry("offsets.topic.replication.factor", "1"),
                Map.entry("offsets.topic.num.partitions", "4"),
                Map.entry("transaction.state.log.replication.factor", "1"),
                Map.entry("transaction.state.log.min.isr", "1"),
                Map.entry("share.coordinator.state.topic.replication.factor", "1"),
                Map.entry("share.coordinator.state.topic.min.isr", "1"),
                Map.entry("group.initial.rebalance.delay.ms", "0"),
                Map.entry("log.cleaner.dedupe.buffer.size", "8388608"),
                Map.entry("auto.create.topics.enable", "true")));
        Path config = dir.resolve("server.properties");
        try (var out = Files.newOutputStream(config)) {
            p.store(out, "MesoFlow test broker");
        }
        return config;
    }

    private ProcessBuilder java(List<String> args) {
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dlog4j.configuration=none",
                "-cp", libDir().resolve("*").toString()));
        command.addAll(args);
        return new ProcessBuilder(command).redirectErrorStream(true);
    }

    private void runToCompletion(List<String> args, String log) throws IOException {
        Process tool = java(args).redirectOutput(dir.resolve(log).toFile()).start();
        try {
            if (!tool.waitFor(60, TimeUnit.SECONDS) || tool.exitValue() != 0) {
                throw new IllegalStateException("kafka " + args.get(0) + " failed: "
                        + Files.readString(dir.resolve(log)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Object> config = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
        try (Admin admin = Admin.create(config)) {
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("Kafka broker exited: " + tail(dir.resolve("broker.log")));
                }
                try {
                    admin.describeCluster().nodes().get(3, TimeUnit.SECONDS);
                    return;
                } catch (Exception notYet) {
                    sleep(100);
                }
            }
        }
        throw new IllegalStateException("Kafka broker not ready after " + timeout + ": " + tail(dir.resolve("broker.log")));
    }

    /**
     * How long a restarted broker may take to answer: after a kill -9 it recovers its logs first, which
     * took over a minute on a loaded 2-core machine (a chaos round failed there at 60 s); the services
     * restarted in a chaos round get 180 s too.
     */
    static final Duration RESTART_WAIT = Duration.ofSeconds(180);

    /** Kills the broker at once (like kill -9), keeping its data. */
    public void kill() {
        if (process != null) {
            process.destroyForcibly();
            waitFor(process);
        }
    }

    /** Starts the broker again on the same ports and data after {@link #kill()} or {@link #close()}. */
    public void restart() {
        try {
            process = java(List.of("kafka.Kafka", dir.resolve("server.properties").toString()))
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("broker.log").toFile()))
                    .start();
            awaitReady(RESTART_WAIT);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (dir == null) {
            return;
        }
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!waitFor(process)) {
                process.destroyForcibly();
                waitFor(process);
            }
        }
    }

    private static boolean waitFor(Process p) {
        try {
            return p.waitFor(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (var walk = Files.walk(path)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
