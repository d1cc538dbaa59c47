package io.mesoflow.launcher.local;

import io.mesoflow.events.EventCodec;
import io.mesoflow.events.TaskPlacement;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Prepares a task's sandbox (artifact, job context file, tmp dir, output dir) and starts its entry
 * point as the leader of a new process group, with stdout and stderr kept in the sandbox.
 */
public final class TaskProcess {
    public static final String CONTEXT_FILE = "job_context.json";
    /** Where the task's exit code lands, so a launcher that did not start the task learns how it ended. */
    public static final String EXIT_FILE = ".mesoflow-exit";
    /**
     * The group leader: runs the entry point, then records its exit code atomically. A task killed by
     * a signal to its group leaves no file (the launcher that killed it knows why).
     */
    private static final String WRAPPER = "/bin/sh -c \"$1\"; code=$?; echo $code > " + EXIT_FILE + ".tmp && mv "
            + EXIT_FILE + ".tmp " + EXIT_FILE + "; exit $code";

    private TaskProcess() {
    }

    public static Process start(TaskPlacement task, Path sandbox, ResourcePool.Slice slice,
                                java.util.List<TaskSecret> secrets) throws IOException {
        Files.createDirectories(sandbox.resolve("tmp"));
        for (TaskSecret secret : secrets) {
            if (secret.file() != null) {
                writeSecretFile(sandbox, secret);
            }
        }
        ArtifactFetcher.fetch(task.launch().artifactUrl(), sandbox);
        String context = EventCodec.json(task.launch().context());
        Files.writeString(sandbox.resolve(CONTEXT_FILE), context);
        String outputDir = task.launch().outputDir();
        if (outputDir != null && !outputDir.contains("://")) {
            Files.createDirectories(Path.of(outputDir));
        }
        Files.deleteIfExists(sandbox.resolve(EXIT_FILE));
        ProcessBuilder builder = new ProcessBuilder("setsid", "/bin/sh", "-c", WRAPPER, "mesoflow-task",
                task.launch().entryPoint())
                .directory(sandbox.toFile())
                .redirectOutput(sandbox.resolve("stdout").toFile())
                .redirectError(sandbox.resolve("stderr").toFile());
        Map<String, String> env = builder.environment();
        env.clear();
        env.putAll(environment(task, sandbox, slice, context));
        secrets.stream().filter(s -> s.env() != null).forEach(s -> env.put(s.env(), s.value()));
        return builder.start();
    }

    /** The exit code the task's wrapper recorded, if it ended normally. */
    public static java.util.OptionalInt recordedExit(Path sandbox) {
        try {
            return java.util.OptionalInt.of(Integer.parseInt(Files.readString(sandbox.resolve(EXIT_FILE)).trim()));
        } catch (IOException | NumberFormatException none) {
            return java.util.OptionalInt.empty();
        }
    }

    /** A secret file in the sandbox, readable by the task's user only (0600), never under another name. */
    private static void writeSecretFile(Path sandbox, TaskSecret secret) throws IOException {
        Path file = sandbox.resolve(secret.file()).normalize();
        if (!file.startsWith(sandbox) || file.equals(sandbox)) {
            throw new IOException("secret file " + secret.file() + " would be outside the sandbox");
        }
        Files.createDirectories(file.getParent());
        Files.deleteIfExists(file);
        Files.createFile(file, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, secret.value());
    }

    static Map<String, String> environment(TaskPlacement task, Path sandbox, ResourcePool.Slice slice, String context) {
        Map<String, String> env = new java.util.LinkedHashMap<>();
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin"));
        env.put("HOME", System.getenv().getOrDefault("HOME", sandbox.toString()));
        env.put("LANG", "C.UTF-8");
        env.put("PYTHONUNBUFFERED", "1");
        env.put("TMPDIR", sandbox.resolve("tmp").toString());
        env.put("MESOFLOW_SANDBOX", sandbox.toString());
        env.put("MESOFLOW_JOB_CONTEXT", context);
        env.put("MESOFLOW_JOB_CONTEXT_FILE", sandbox.resolve(CONTEXT_FILE).toString());
        env.put("MESOFLOW_ATTEMPT", String.valueOf(task.attempt()));
        env.put("MESOFLOW_PORTS", task.ports().stream().map(String::valueOf).collect(Collectors.joining(",")));
        for (int i = 0; i < task.ports().size(); i++) {
            env.put("PORT" + i, String.valueOf(task.ports().get(i)));
        }
        env.put("CUDA_VISIBLE_DEVICES", slice.gpus().stream().map(String::valueOf).collect(Collectors.joining(",")));
        env.putAll(task.launch().env());
        return env;
    }
}
