package io.mesoflow.testing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The whole system on this machine for end-to-end tests: a real Kafka broker, a real PostgreSQL
 * server (one database, a schema per service) and the five packaged services as processes, with
 * the launcher on the local backend.
 */
public final class LocalStack implements AutoCloseable {
    public static final List<String> SERVICES = List.of("job-api", "placement-svc", "secrets-svc", "launcher-svc",
            "monitor-svc");

    private final Path root;
    private final Path work;
    private final Map<String, String> extra;
    private final Map<String, List<ServiceProcess>> services = new LinkedHashMap<>();
    private final Map<String, Integer> instances = new LinkedHashMap<>();
    private final Map<String, String> teamUsers = new LinkedHashMap<>();
    private KafkaBroker kafka;
    private PostgresServer postgres;
    private String jdbcUrl;

    /**
     * @param root  the repository root (where {@code <service>/target/quarkus-app} are)
     * @param work  where this stack keeps its data, logs and sandboxes
     * @param extra system properties for every service (e.g. launcher resources)
     */
    public LocalStack(Path root, Path work, Map<String, String> extra) {
        this.root = root;
        this.work = work;
        this.extra = extra;
    }

    /**
     * Launcher settings for a test machine: the local agent declares 8 cpus, 8 GiB and no GPUs
     * (tasks are light; the 2 real cores are shared), with its own port range.
     */
    public static Map<String, String> declaredAgent(String ports) {
        return Map.of("mesoflow.launcher.local.cpus", "8", "mesoflow.launcher.local.mem-mb", "8192",
                "mesoflow.launcher.local.gpus", "0", "mesoflow.launcher.local.ports", ports);
    }

    /** The repository root as the e2e module's failsafe configuration passes it. */
    public static Path repositoryRoot() {
        return Path.of(System.getProperty("mesoflow.test.root", "..")).toAbsolutePath().normalize();
    }

    /**
     * Runs {@code count} instances of a service (before {@link #start}). Further launchers are hot
     * standbys; further instances of the others share their consumer groups.
     */
    public LocalStack withInstances(String service, int count) {
        instances.put(service, count);
        return this;
    }

    /**
     * Runs a team's local tasks as its own Unix user instead of {@link TaskUsers#DEFAULT_USER} (before
     * {@link #start}); the user is created when the tests run as root.
     */
    public LocalStack withTeamUser(String team, String user) {
        teamUsers.put(team, user);
        return this;
    }

    /** Starts Kafka, PostgreSQL and the services; what started is stopped again when one fails to. */
    public LocalStack start() {
        try {
            return startEverything();
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    private LocalStack startEverything() {
        long begin = System.nanoTime();
        // a root launcher runs tasks as their team's user: it must exist and reach the sandboxes and outputs
        TaskUsers.ensure(java.util.stream.Stream.concat(java.util.stream.Stream.of(TaskUsers.DEFAULT_USER),
                teamUsers.values().stream()).toArray(String[]::new));
        TaskUsers.ensureSearchable(work);
        SealingKeys.provide(work.resolve("keys"));
        CompletableFuture<KafkaBroker> broker = CompletableFuture.supplyAsync(
                () -> new KafkaBroker(work.resolve("kafka")).start());
        postgres = PostgresServer.start(work.resolve("pg"));
        jdbcUrl = postgres.createDatabase("mesoflow");
        kafka = broker.join();
        Map<String, Integer> ports = new LinkedHashMap<>();
        SERVICES.forEach(name -> ports.put(name, FreePorts.next()));
        Map<String, String> properties = properties();
        properties.put("mesoflow.api.logs.files-url", "http://127.0.0.1:" + ports.get("launcher-svc"));
        List<ServiceProcess> first = new java.util.ArrayList<>();
        for (String name : SERVICES) {
            first.add(instance(name, 1, ports.get(name), properties));
        }
        startAll(first);
        List<ServiceProcess> more = new java.util.ArrayList<>();
        for (String name : SERVICES) {
            for (int n = 2; n <= instances.getOrDefault(name, 1); n++) {
                more.add(instance(name, n, FreePorts.next(), properties));
            }
        }
        startAll(more);
        System.out.printf("[local-stack] Kafka, PostgreSQL and %d services ready in %d ms; API at %s%n",
                services.values().stream().mapToInt(List::size).sum(), (System.nanoTime() - begin) / 1_000_000, apiUrl());
        return this;
    }

    private ServiceProcess instance(String name, int n, int port, Map<String, String> shared) {
        Map<String, String> own = new LinkedHashMap<>(shared);
        own.put("mesoflow.launcher.leader.instance-id", name + "-" + n);
        ServiceProcess process = new ServiceProcess(n == 1 ? name : name + "-" + n, jar(name), port, own,
                work.resolve("logs").resolve((n == 1 ? name : name + "-" + n) + ".log"));
        services.computeIfAbsent(name, k -> new java.util.ArrayList<>()).add(process);
        return process;
    }

    private static void startAll(List<ServiceProcess> processes) {
        processes.forEach(ServiceProcess::start);
        processes.forEach(s -> s.awaitReady(Duration.ofSeconds(120)));
    }

    private Path jar(String name) {
        return root.resolve(name).resolve("target/quarkus-app/quarkus-run.jar");
    }

    /** deploy/local/pip-args: this host's pip index settings as options, for the tasks' users. */
    private String hostPipArgs() {
        try {
            Process p = new ProcessBuilder(root.resolve("deploy/local/pip-args").toString())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String args = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
            return p.waitFor() == 0 && !args.isEmpty() ? args : "--retries 0 --timeout 3";
        } catch (java.io.IOException e) {
            return "--retries 0 --timeout 3";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "--retries 0 --timeout 3";
        }
    }

    private Map<String, String> properties() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        p.put("quarkus.datasource.jdbc.url", jdbcUrl);
        p.put("quarkus.datasource.username", postgres.username());
        p.put("quarkus.datasource.password", postgres.password());
        p.put("quarkus.log.console.json.enabled", "false");
        p.put("mesoflow.api.default-output-root", work.resolve("outputs").toString());
        p.put("mesoflow.api.artifacts.roots", root.resolve("examples") + "," + artifactRoot());
        p.put("mesoflow.launcher.local.work-dir", work.resolve("sandboxes").toString());
        p.put("mesoflow.api.auth.admin-token", TestInfra.ADMIN_TOKEN);
        p.put("mesoflow.launcher.sealing.key-dir", work.resolve("keys").toString());
        p.put("mesoflow.secrets.sealing.public-key-file", work.resolve("keys/launcher.pub").toString());
        p.put("mesoflow.secrets.local.dir", work.resolve("secrets").toString());
        p.put("mesoflow.api.secrets.local-dir", work.resolve("secrets").toString());
        teamUsers.forEach((team, user) -> p.put("mesoflow.launcher.task-users.\"" + team + "\"", user));
        // tasks build Python environments as another user: give them this host's index settings
        p.put("mesoflow.launcher.environments.pip-args", hostPipArgs());
        // the local backend has no container runtime: job-api refuses images unless the launcher runs on Mesos
        p.put("mesoflow.api.images.allowed", String.valueOf("mesos".equals(extra.get("mesoflow.launcher.backend"))));
        p.putAll(extra);
        return p;
    }

    /** A folder job-api accepts {@code file://} artifacts from besides the repository's examples (tests put theirs here). */
    public Path artifactRoot() {
        Path dir = work.resolve("artifacts");
        try {
            java.nio.file.Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return dir;
    }

    /** The admin token job-api accepts here. */
    public String adminToken() {
        return TestInfra.ADMIN_TOKEN;
    }

    public String apiUrl() {
        return service("job-api").url();
    }

    /** The first instance of a service. */
    public ServiceProcess service(String name) {
        return services.get(name).get(0);
    }

    /** Every instance of a service, the first first. */
    public List<ServiceProcess> instances(String name) {
        return List.copyOf(services.get(name));
    }

    /** Every service process of the stack. */
    public List<ServiceProcess> allServices() {
        return services.values().stream().flatMap(List::stream).toList();
    }

    /** The launcher whose readiness says it leads, if one does now. */
    public java.util.Optional<ServiceProcess> leadingLauncher() {
        return services.get("launcher-svc").stream().filter(ServiceProcess::isLeader).findFirst();
    }

    /** The JDBC URL of the one database the services share (a schema each). */
    public String jdbcUrl() {
        return jdbcUrl;
    }

    public PostgresServer postgres() {
        return postgres;
    }

    /** The local secret store the stack's secrets-svc reads ({@code local:} sources). */
    public Path secretStore() {
        return work.resolve("secrets");
    }

    public KafkaBroker kafka() {
        return kafka;
    }

    public Path work() {
        return work;
    }

    /** kill -9 a service, then start it again and wait until it is ready. */
    public void killAndRestart(String name) {
        killAndRestart(service(name));
    }

    /** kill -9 one service process, then start it again and wait until it is ready. */
    public void killAndRestart(ServiceProcess service) {
        service.kill();
        service.start().awaitReady(Duration.ofSeconds(120));
    }

    /**
     * Stops the stack at once: kill -9 of every service, then of the broker, then PostgreSQL's stop.
     * The stack's data are thrown away, so a graceful stop buys nothing and cost ~17 s per stack (job-api's
     * and placement's Kafka consumers leave their groups one after another). Tasks stay as a graceful stop
     * leaves them too (a launcher never kills its tasks on a stop: a standby adopts them). When the
     * services were given JVM options ({@code mesoflow.test.service-jvm-options}, e.g. a flight recording
     * they write at exit), they are stopped gracefully, as before.
     */
    @Override
    public void close() {
        if (ServiceProcess.extraJvmOptions("").isEmpty()) {
            allServices().forEach(ServiceProcess::kill);
            if (kafka != null) {
                kafka.kill();
            }
        } else {
            allServices().forEach(ServiceProcess::terminate);
            allServices().forEach(ServiceProcess::close);
        }
        if (kafka != null) {
            kafka.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }
}
