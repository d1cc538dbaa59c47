package io.mesoflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.mesoflow.testing.LocalStack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * The deployment artifacts under deploy/ and the Kubernetes manifests the Quarkus Kubernetes
 * extension generated at package time, checked with parsers since no cluster runs here.
 */
class DeploymentArtifactsTest {
    static final Path ROOT = LocalStack.repositoryRoot();
    /** Marathon's rule for each segment of an app id (AppDefinition: PathId). */
    static final Pattern MARATHON_ID_SEGMENT = Pattern.compile("^(([a-z0-9]|[a-z0-9][a-z0-9\\-]*[a-z0-9])\\.)*"
            + "([a-z0-9]|[a-z0-9][a-z0-9\\-]*[a-z0-9])$");
    static final Set<String> SHARED_ENV = Set.of("MESOFLOW_KAFKA", "MESOFLOW_DB_URL", "MESOFLOW_DB_USER",
            "MESOFLOW_DB_PASSWORD");

    static List<String> services() {
        return LocalStack.SERVICES;
    }

    static MarathonGroup marathonGroup() throws IOException {
        return new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .readValue(ROOT.resolve("deploy/marathon/mesoflow-group.json").toFile(), MarathonGroup.class);
    }

    @Test
    void theMarathonGroupHasEveryServiceWithValidIdsAndDependencies() throws IOException {
        MarathonGroup group = marathonGroup();

        Set<String> ids = group.apps().stream().map(MarathonGroup.App::id).collect(Collectors.toSet());
        assertThat(ids).containsExactlyInAnyOrderElementsOf(services().stream().map(s -> "/mesoflow/" + s).toList());
        for (MarathonGroup.App app : group.apps()) {
            assertThat(app.id()).startsWith(group.id() + "/");
            for (String segment : app.id().substring(1).split("/")) {
                assertThat(segment).as("id segment of %s", app.id()).matches(MARATHON_ID_SEGMENT);
            }
            assertThat(ids).as("dependencies of %s", app.id()).containsAll(app.dependencies());
            assertThat(app.dependencies()).doesNotContain(app.id());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("services")
    void eachMarathonAppRunsTwoInstancesOnDistinctHostsWithReadinessHealthChecksAndSafeUpgrades(String service)
            throws IOException {
        MarathonGroup.App app = marathonGroup().apps().stream().filter(a -> a.id().equals("/mesoflow/" + service))
                .findFirst().orElseThrow();

        assertThat(app.instances()).as("two instances (the second launcher a hot standby)").isEqualTo(2);
        assertThat(app.constraints()).contains(List.of("hostname", "UNIQUE"));
        assertThat(app.cpus()).isPositive();
        assertThat(app.mem()).isGreaterThanOrEqualTo(512);
        assertThat(app.container().type()).isEqualTo("DOCKER");
        assertThat(app.container().docker().image()).startsWith("mesoflow/" + service + ":");
        assertThat(app.healthChecks()).anySatisfy(h -> {
            assertThat(h.path()).isEqualTo("/q/health/ready");
            assertThat(h.protocol()).isIn("HTTP", "MESOS_HTTP", "HTTPS", "MESOS_HTTPS");
            assertThat(h.portIndex()).isBetween(0, app.portDefinitions().size() - 1);
            assertThat(h.gracePeriodSeconds()).isGreaterThanOrEqualTo(60);
        });
        assertThat(app.upgradeStrategy().minimumHealthCapacity()).isBetween(0.5, 1.0);
        assertThat(app.upgradeStrategy().maximumOverCapacity()).isBetween(0.0, 1.0);
        assertThat(app.env()).containsKeys(SHARED_ENV.toArray(String[]::new));
        for (Map.Entry<String, Object> env : app.env().entrySet()) {
            if (env.getValue() instanceof Map<?, ?> ref) {
                assertThat(app.secrets()).as("secret behind %s", env.getKey()).containsKey((String) ref.get("secret"));
            } else {
                assertThat(env.getValue()).as(env.getKey()).isInstanceOf(String.class);
            }
        }
        assertThat(app.env().get("MESOFLOW_DB_PASSWORD")).as("never in plain text").isInstanceOf(Map.class);
        app.volumes().forEach(v -> assertThat(app.secrets()).containsKey(v.secret()));
    }

    @Test
    void theMarathonLauncherIsAMesosFrameworkThatNeverRunsTwoActiveCopiesDuringAnUpgrade() throws IOException {
        MarathonGroup.App launcher = marathonGroup().apps().stream()
                .filter(a -> a.id().equals("/mesoflow/launcher-svc")).findFirst().orElseThrow();

        assertThat(launcher.env()).containsEntry("MESOFLOW_LAUNCHER_BACKEND", "mesos").containsKey("MESOS_MASTER");
        assertThat(launcher.upgradeStrategy().maximumOverCapacity()).isZero();
        assertThat(launcher.env().get("MESOFLOW_LAUNCHER_MESOS_SECRET")).isInstanceOf(Map.class);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("services")
    void theDockerfileBuiltForEachServiceCopiesThePackagedAppExposesTheServicePortAndRunsIt(String service)
            throws IOException {
        String port = String.valueOf(defaultPort(service));
        List<String[]> instructions = dockerInstructions(ROOT.resolve("deploy/docker/Dockerfile"),
                Map.of("SERVICE", service, "PORT", port));

        assertThat(instructions.get(0)[0]).isEqualTo("FROM");
        assertThat(instructions.get(0)[1]).matches("eclipse-temurin:17-jre.*");
        assertThat(instructions).anySatisfy(i -> assertThat(i).containsExactly("ARG", "SERVICE"))
                .anySatisfy(i -> assertThat(i).containsExactly("ARG", "PORT"));
        List<String> copied = instructions.stream().filter(i -> i[0].equals("COPY"))
                .map(i -> i[1].split("\\s+")).map(parts -> parts[parts.length - 2]).toList();
        assertThat(copied).isNotEmpty().allSatisfy(source -> assertThat(source).startsWith(service + "/target/quarkus-app/"));
        for (String source : copied) {
            Path path = ROOT.resolve(source.replace("*.jar", "quarkus-run.jar"));
            assertThat(path).as("packaged before the image is built").exists();
        }
        assertThat(instructions).anySatisfy(i -> assertThat(i).containsExactly("EXPOSE", port));
        assertThat(instructions).filteredOn(i -> i[0].equals("ENV"))
                .anySatisfy(i -> assertThat(i[1]).contains("QUARKUS_HTTP_PORT=" + port));
        String[] entrypoint = instructions.stream().filter(i -> i[0].equals("ENTRYPOINT")).findFirst().orElseThrow();
        JsonNode exec = new ObjectMapper().readTree(entrypoint[1]);
        assertThat(exec.isArray()).as("exec form").isTrue();
        assertThat(exec.get(exec.size() - 1).asText()).contains("-jar /deployments/quarkus-run.jar")
                .contains("${PORT0:-$QUARKUS_HTTP_PORT}");
        assertThat(Files.readString(ROOT.resolve("deploy/docker/README.md")))
                .as("the README builds %s with its port", service).contains(service + ":" + port);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("services")
    void theGeneratedKubernetesManifestsRunTwoReplicasWithProbesOnTheServicePort(String service) throws IOException {
        List<JsonNode> docs = kubernetesManifests(service);
        JsonNode deployment = kind(docs, "Deployment");
        JsonNode container = deployment.at("/spec/template/spec/containers/0");
        int port = defaultPort(service);

        assertThat(deployment.at("/spec/replicas").asInt()).isEqualTo(2);
        assertThat(container.get("image").asText()).endsWith("mesoflow/" + service + ":0.1.0-SNAPSHOT");
        assertThat(container.at("/ports/0/containerPort").asInt()).isEqualTo(port);
        assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/q/health/ready");
        assertThat(container.at("/readinessProbe/httpGet/port").asInt()).isEqualTo(port);
        assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/q/health/live");
        assertThat(env(container)).containsEntry("QUARKUS_HTTP_HOST", "0.0.0.0");
        assertThat(container.get("envFrom").findValuesAsText("name")).containsExactlyInAnyOrder("mesoflow", "mesoflow");
        assertThat(container.get("envFrom").findValues("configMapRef")).hasSize(1);
        assertThat(container.get("envFrom").findValues("secretRef")).hasSize(1);
        assertThat(kind(docs, "Service").at("/spec/ports/0/targetPort").asInt()).isEqualTo(port);
        assertThat(docs).as("migrations run in the pods").noneMatch(d -> d.get("kind").asText().equals("Job"));
        if (service.equals("launcher-svc")) {
            assertThat(env(container)).containsEntry("MESOFLOW_LAUNCHER_BACKEND", "mesos");
        }
    }

    @Test
    void theKubernetesConfigTemplateProvidesWhatTheManifestsReferenceAndKeepsTheDatabasePasswordSecret()
            throws IOException {
        List<JsonNode> docs = readYaml(ROOT.resolve("deploy/kubernetes/mesoflow-config.yaml"));
        JsonNode configMap = kind(docs, "ConfigMap");
        JsonNode secret = kind(docs, "Secret");

        assertThat(configMap.at("/metadata/name").asText()).isEqualTo("mesoflow");
        assertThat(secret.at("/metadata/name").asText()).isEqualTo("mesoflow");
        Set<String> keys = new java.util.HashSet<>();
        configMap.get("data").fieldNames().forEachRemaining(keys::add);
        Set<String> secretKeys = new java.util.HashSet<>();
        secret.get("stringData").fieldNames().forEachRemaining(secretKeys::add);
        assertThat(keys).contains("MESOFLOW_KAFKA", "MESOFLOW_DB_URL", "MESOFLOW_DB_USER", "MESOS_MASTER", "VAULT_ADDR")
                .doesNotContain("MESOFLOW_DB_PASSWORD");
        assertThat(secretKeys).contains("MESOFLOW_DB_PASSWORD");
    }

    static List<JsonNode> kubernetesManifests(String service) throws IOException {
        Path generated = ROOT.resolve(service).resolve("target/kubernetes/kubernetes.yml");
        assertThat(generated).as("generated by quarkus-kubernetes at package").exists();
        return readYaml(generated);
    }

    static List<JsonNode> readYaml(Path file) throws IOException {
        YAMLMapper yaml = new YAMLMapper();
        try (var parser = new YAMLFactory().createParser(file.toFile())) {
            return new ArrayList<>(yaml.readValues(parser, JsonNode.class).readAll());
        }
    }

    static JsonNode kind(List<JsonNode> docs, String kind) {
        return docs.stream().filter(d -> d.path("kind").asText().equals(kind)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind));
    }

    static Map<String, String> env(JsonNode container) {
        Map<String, String> env = new java.util.HashMap<>();
        container.get("env").forEach(e -> env.put(e.get("name").asText(), e.path("value").asText(null)));
        return env;
    }

    /** The HTTP port a service listens on by default ({@code quarkus.http.port=${VAR:port}}). */
    static int defaultPort(String service) throws IOException {
        Properties props = new Properties();
        try (var in = Files.newInputStream(ROOT.resolve(service).resolve("src/main/resources/application.properties"))) {
            props.load(in);
        }
        String value = props.getProperty("quarkus.http.port");
        return Integer.parseInt(value.substring(value.lastIndexOf(':') + 1).replace("}", ""));
    }

    /**
     * Dockerfile instructions (keyword, arguments) with comments dropped, continuation lines joined
     * and the build args substituted where Docker substitutes them ({@code ${NAME}} outside RUN,
     * CMD and ENTRYPOINT, which the shell expands at run time).
     */
    static List<String[]> dockerInstructions(Path dockerfile, Map<String, String> buildArgs) throws IOException {
        List<String[]> instructions = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : Files.readAllLines(dockerfile)) {
            if (line.isBlank() || line.stripLeading().startsWith("#")) {
                continue;
            }
            if (line.endsWith("\\")) {
                current.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            current.append(line);
            String[] parts = current.toString().strip().split("\\s+", 2);
            if (!List.of("RUN", "CMD", "ENTRYPOINT").contains(parts[0]) && parts.length > 1) {
                for (Map.Entry<String, String> arg : buildArgs.entrySet()) {
                    parts[1] = parts[1].replace("${" + arg.getKey() + "}", arg.getValue());
                }
            }
            assertThat(parts[0]).as("instruction").isIn("FROM", "WORKDIR", "COPY", "ENV", "EXPOSE", "USER",
                    "ENTRYPOINT", "CMD", "LABEL", "ARG", "RUN");
            instructions.add(parts);
            current.setLength(0);
        }
        return instructions;
    }
}
