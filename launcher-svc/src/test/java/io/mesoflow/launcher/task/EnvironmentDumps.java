package io.mesoflow.launcher.task;

import io.mesoflow.events.TaskPlacement;
import io.mesoflow.launcher.TeamUsers;
import io.mesoflow.launcher.mesos.MesosCalls;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.v1.Protos;

/**
 * Runs a task the way a backend would, with {@link #ENTRY_POINT} as its entry point, and reads back the
 * environment it saw, without what the shell or the host adds (PATH, HOME, PWD, ...).
 */
public final class EnvironmentDumps {
    public static final String ENTRY_POINT = "env -0 > env.dump";
    private static final Set<String> RUNTIME = Set.of("PATH", "HOME", "PWD", "OLDPWD", "SHLVL", "_", "USER", "LOGNAME",
            "MESOS_SANDBOX");

    private EnvironmentDumps() {
    }

    /** The Mesos task MesoFlow would launch for {@code task}. */
    public static Protos.TaskInfo taskInfo(String jobId, TaskPlacement task) {
        return MesosCalls.accept("fw", jobId, List.of(task), "ml", Map.of(), 0, new TeamUsers("mesoflow", Map.of()))
                .getAccept().getOperations(0).getLaunchGroup().getTaskGroup().getTasks(0);
    }

    /**
     * Runs {@code info}'s command as a Mesos agent does: {@code /bin/sh -c}, in {@code sandbox}, with its
     * variables and {@code MESOS_SANDBOX} (the artifact is not fetched).
     */
    public static Map<String, String> runOnMesos(Protos.TaskInfo info, Path sandbox) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-c", info.getCommand().getValue())
                .directory(sandbox.toFile()).redirectErrorStream(true)
                .redirectOutput(sandbox.resolve("stdout").toFile());
        builder.environment().clear();
        builder.environment().put("PATH", System.getenv("PATH"));
        builder.environment().put("MESOS_SANDBOX", sandbox.toString());
        info.getCommand().getEnvironment().getVariablesList()
                .forEach(v -> builder.environment().put(v.getName(), v.getValue()));
        Process process = builder.start();
        if (!process.waitFor(20, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new AssertionError("the task failed: " + Files.readString(sandbox.resolve("stdout")));
        }
        return read(sandbox);
    }

    /** What {@link #ENTRY_POINT} wrote, the sandbox's path shown as {@link TaskEnvironments#SANDBOX}. */
    public static Map<String, String> read(Path sandbox) throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        for (String entry : Files.readString(sandbox.resolve("env.dump"), StandardCharsets.UTF_8).split("\0")) {
            int eq = entry.indexOf('=');
            if (eq > 0 && !RUNTIME.contains(entry.substring(0, eq))) {
                env.put(entry.substring(0, eq), entry.substring(eq + 1).replace(sandbox.toString(),
                        TaskEnvironments.SANDBOX));
            }
        }
        return env;
    }

    /** The files a task's sandbox holds besides its artifact, output and dump. */
    public static Map<String, String> files(Path sandbox, Set<String> names) throws IOException {
        Map<String, String> files = new LinkedHashMap<>();
        for (String name : names) {
            Path file = sandbox.resolve(name);
            if (Files.exists(file)) {
                files.put(name, Files.readString(file));
            }
        }
        return files;
    }
}
