package io.mesoflow.testing;

import java.nio.file.Path;
import java.util.Map;

/** One {@link LocalStack} for every end-to-end test class of a JVM, started on first use, stopped at exit. */
public final class SharedStack {
    private static LocalStack stack;

    private SharedStack() {
    }

    public static synchronized LocalStack get() {
        if (stack == null) {
            stack = new LocalStack(LocalStack.repositoryRoot(), Path.of("target/e2e").toAbsolutePath(), Map.of(
                    "mesoflow.launcher.local.cpus", "8",
                    "mesoflow.launcher.local.mem-mb", "8192",
                    "mesoflow.launcher.local.gpus", "0",
                    "mesoflow.launcher.local.ports", "33000-33199",
                    "mesoflow.launcher.local.offer-interval", "250ms",
                    "mesoflow.monitor.initial-backoff", "500ms")).start();
            Runtime.getRuntime().addShutdownHook(new Thread(stack::close));
        }
        return stack;
    }
}
