package io.mesoflow.testing;

import java.nio.file.Path;
import java.util.Map;

/**
 * One {@link LocalStack} for every end-to-end test class of a JVM, started on first use, stopped at
 * exit. It runs the production shape: two instances of every service (the second launcher a hot
 * standby), so every end-to-end test also checks that nothing depends on a single instance. Its
 * local agent declares 2 GPUs (for the preemption and budget tests) and lets CPU tasks use it.
 */
public final class SharedStack {
    private static LocalStack stack;
    private static TestJwt jwt;

    private SharedStack() {
    }

    public static synchronized LocalStack get() {
        if (stack == null) {
            Map<String, String> settings = new java.util.HashMap<>(LocalStack.declaredAgent("23000-23199"));
            settings.put("mesoflow.launcher.local.offer-interval", "250ms");
            settings.put("mesoflow.monitor.initial-backoff", "500ms");
            // A TensorBoard lingers 10 min after its job by default, holding its memory: the suite's
            // later TensorFlow jobs would wait that long for the declared agent's 8 GiB.
            settings.put("mesoflow.monitor.tensorboard-linger", "5s");
            // Suspend, preemption and budget tests (issue 16): two declared GPUs; teams choose their
            // preemption policy (the cluster's stays never); a job may be preempted after 5 s.
            settings.putAll(PreemptionSettings.gpuAgent(2));
            settings.putAll(PreemptionSettings.shortPreemption(null, "5s", "15s"));
            jwt = TestJwt.create(Path.of("target/e2e/jwt").toAbsolutePath());
            settings.put("mesoflow.api.auth.jwt.public-key-location", "file:" + jwt.publicKeyFile());
            LocalStack starting = new LocalStack(LocalStack.repositoryRoot(), Path.of("target/e2e").toAbsolutePath(),
                    settings);
            LocalStack.SERVICES.forEach(service -> starting.withInstances(service, 2));
            starting.start(); // stops what it started when it fails: nothing is kept for the next test class
            Runtime.getRuntime().addShutdownHook(new Thread(starting::close));
            stack = starting;
        }
        return stack;
    }

    /** The JWT issuer the shared stack's job-api trusts. */
    public static synchronized TestJwt jwt() {
        get();
        return jwt;
    }
}
