package io.mesoflow.testing;

import java.nio.file.Path;

/**
 * One Kafka broker and one PostgreSQL server per test JVM, started on first use and stopped at
 * JVM exit. Test classes share them but never each other's data: each takes its own database and
 * topic prefix from {@link #isolatedNamespace()}.
 */
public final class TestInfra {
    /** The admin API token every test deployment of job-api accepts ({@code mesoflow.api.auth.admin-token}). */
    public static final String ADMIN_TOKEN = "mf_test-admin-token-not-a-secret";

    private static KafkaBroker kafka;
    private static PostgresServer postgres;

    private TestInfra() {
    }

    public static Path workDir() {
        return Path.of(System.getProperty("mesoflow.test.work", "target/it-work")).toAbsolutePath();
    }

    // Quarkus runs test classes with different test resources in new class loaders, each with its own
    // statics; the first one to start a server records it in a system property and the others attach.
    private static final String SHARED_KAFKA = "mesoflow.test.shared.kafka-port";
    private static final String SHARED_PG = "mesoflow.test.shared.pg-port";

    public static synchronized KafkaBroker kafka() {
        if (kafka == null && System.getProperty(SHARED_KAFKA) != null) {
            kafka = KafkaBroker.attach(Integer.parseInt(System.getProperty(SHARED_KAFKA)));
        }
        if (kafka == null) {
            long start = System.nanoTime();
            kafka = new KafkaBroker(workDir().resolve("kafka-" + ProcessHandle.current().pid())).start();
            System.out.printf("[test-infra] Kafka broker ready at %s in %d ms%n", kafka.bootstrapServers(),
                    (System.nanoTime() - start) / 1_000_000);
            Runtime.getRuntime().addShutdownHook(new Thread(kafka::close));
            System.setProperty(SHARED_KAFKA, String.valueOf(kafka.port()));
        }
        return kafka;
    }

    public static synchronized PostgresServer postgres() {
        if (postgres == null && System.getProperty(SHARED_PG) != null) {
            postgres = PostgresServer.attach(Integer.parseInt(System.getProperty(SHARED_PG)));
        }
        if (postgres == null) {
            long start = System.nanoTime();
            postgres = PostgresServer.start(workDir().resolve("pg-" + ProcessHandle.current().pid()));
            System.out.printf("[test-infra] PostgreSQL ready on port %d in %d ms%n", postgres.port(),
                    (System.nanoTime() - start) / 1_000_000);
            Runtime.getRuntime().addShutdownHook(new Thread(postgres::close));
            System.setProperty(SHARED_PG, String.valueOf(postgres.port()));
        }
        return postgres;
    }

    /** A fresh name for one test class: its database name and (with a dot) its topic prefix. */
    public static String isolatedNamespace() {
        synchronized (System.getProperties()) {
            int n = Integer.getInteger("mesoflow.test.namespaces", 0) + 1;
            System.setProperty("mesoflow.test.namespaces", String.valueOf(n));
            return "t" + ProcessHandle.current().pid() + "_" + n;
        }
    }
}
