package io.mesoflow.testing;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One Kafka broker and one PostgreSQL server per test JVM, started on first use and stopped at
 * JVM exit. Test classes share them but never each other's data: each takes its own database and
 * topic prefix from {@link #isolatedNamespace()}.
 */
public final class TestInfra {
    /** The admin API token every test deployment of job-api accepts ({@code mesoflow.api.auth.admin-token}). */
    public static final String ADMIN_TOKEN = "mf_test-admin-token-not-a-secret";

    private static final AtomicInteger NAMESPACES = new AtomicInteger();
    private static KafkaBroker kafka;
    private static PostgresServer postgres;

    private TestInfra() {
    }

    public static Path workDir() {
        return Path.of(System.getProperty("mesoflow.test.work", "target/it-work")).toAbsolutePath();
    }

    public static synchronized KafkaBroker kafka() {
        if (kafka == null) {
            long start = System.nanoTime();
            kafka = new KafkaBroker(workDir().resolve("kafka-" + ProcessHandle.current().pid())).start();
            System.out.printf("[test-infra] Kafka broker ready at %s in %d ms%n", kafka.bootstrapServers(),
                    (System.nanoTime() - start) / 1_000_000);
            Runtime.getRuntime().addShutdownHook(new Thread(kafka::close));
        }
        return kafka;
    }

    public static synchronized PostgresServer postgres() {
        if (postgres == null) {
            long start = System.nanoTime();
            postgres = PostgresServer.start(workDir().resolve("pg-" + ProcessHandle.current().pid()));
            System.out.printf("[test-infra] PostgreSQL ready on port %d in %d ms%n", postgres.port(),
                    (System.nanoTime() - start) / 1_000_000);
            Runtime.getRuntime().addShutdownHook(new Thread(postgres::close));
        }
        return postgres;
    }

    /** A fresh name for one test class: its database name and (with a dot) its topic prefix. */
    public static String isolatedNamespace() {
        return "t" + ProcessHandle.current().pid() + "_" + NAMESPACES.incrementAndGet();
    }
}
