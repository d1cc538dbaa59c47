package io.mesoflow.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Quarkus test resource for a service's {@code *IT}: points the service at the shared real
 * Kafka broker and PostgreSQL server, with its own database and topic prefix.
 */
public class MesoflowTestResource implements QuarkusTestResourceLifecycleManager {
    public static final String NAMESPACE_PROPERTY = "mesoflow.test.namespace";

    @Override
    public Map<String, String> start() {
        String namespace = TestInfra.isolatedNamespace();
        PostgresServer postgres = TestInfra.postgres();
        String url = postgres.createDatabase(namespace);
        System.setProperty(NAMESPACE_PROPERTY, namespace);
        return Map.of(
                "kafka.bootstrap.servers", TestInfra.kafka().bootstrapServers(),
                "mesoflow.kafka.topic-prefix", namespace + ".",
                "quarkus.datasource.jdbc.url", url,
                "quarkus.datasource.username", postgres.username(),
                "quarkus.datasource.password", postgres.password(),
                "mesoflow.api.auth.admin-token", TestInfra.ADMIN_TOKEN);
    }

    @Override
    public void stop() {
        // the broker and server are shared by the JVM and stopped at exit
    }
}
