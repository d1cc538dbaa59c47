package io.mesoflow.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Settings for suspend, preemption and budget tests (docs/suspend-and-preemption.md): a GPU agent on
 * the local backend and placement's preemption timings shortened for tests.
 * <p>
 * A Quarkus service refuses to start on a property under its prefix that it does not know
 * (SRCFG00050), so the placement settings are given only to a packaged placement-svc that has them
 * (its application jar names {@code minRunTime}); a stack of services from before issue 16 starts as before.
 */
public final class PreemptionSettings {
    private PreemptionSettings() {
    }

    /**
     * The local agent declares {@code gpus} GPUs; CPU-only tasks may use it (it is the only agent), so
     * declaring GPUs changes nothing for CPU jobs.
     */
    public static Map<String, String> gpuAgent(int gpus) {
        return Map.of("mesoflow.launcher.local.gpus", String.valueOf(gpus),
                "mesoflow.placement.cpu-tasks-on-gpu-agents", "true");
    }

    /**
     * Placement's preemption with short timings for tests: the cluster's {@code policy} (null: leave
     * the default {@code never}, teams set their own), a job may be preempted after {@code minRunTime}
     * (default 10 min) and a preemptor waits {@code releaseWait} (default 60 s) before preempting more.
     * Empty when the packaged placement-svc does not have these settings yet.
     */
    public static Map<String, String> shortPreemption(String policy, String minRunTime, String releaseWait) {
        Map<String, String> settings = new LinkedHashMap<>();
        if (!placementKnowsPreemption()) {
            System.out.println("[preemption-settings] the packaged placement-svc has no preemption settings yet: "
                    + "not setting them");
            return settings;
        }
        if (policy != null) {
            settings.put("mesoflow.placement.preemption.policy", policy);
        }
        settings.put("mesoflow.placement.preemption.min-run-time", minRunTime);
        settings.put("mesoflow.placement.preemption.release-wait", releaseWait);
        return settings;
    }

    /** Whether the packaged placement-svc reads {@code mesoflow.placement.preemption.min-run-time}. */
    public static boolean placementKnowsPreemption() {
        return packagedServiceMentions("placement-svc", "minRunTime", "min-run-time");
    }

    /** Whether a class or resource of the service's packaged application jar contains one of the markers. */
    static boolean packagedServiceMentions(String service, String... markers) {
        Path app = LocalStack.repositoryRoot().resolve(service).resolve("target/quarkus-app/app");
        if (!Files.isDirectory(app)) {
            return false;
        }
        try (Stream<Path> jars = Files.list(app)) {
            for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).toList()) {
                if (jarMentions(jar, markers)) {
                    return true;
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    private static boolean jarMentions(Path jar, String... markers) throws IOException {
        try (InputStream in = Files.newInputStream(jar); ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                String content = new String(zip.readAllBytes(), StandardCharsets.ISO_8859_1);
                for (String marker : markers) {
                    if (content.contains(marker)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
