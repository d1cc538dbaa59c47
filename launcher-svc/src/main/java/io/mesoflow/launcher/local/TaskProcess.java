package io.mesoflow.launcher.local;

import io.mesoflow.events.EventCodec;
import io.mesoflow.events.TaskPlacement;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Prepares a task's sandbox (artifact, job context file, tmp dir, secret files, output dir) and starts
 * its entry point as the leader of a new process group, as the task's user (see {@link RunAs}), with
 * stdout and stderr kept in the sandbox.
 */
public final class TaskProcess {
    public static final String CONTEXT_FILE = "job_context.json";
    /** Where the task's exit code lands, so a launcher that did not start the task learns how it ended. */
    public static final String EXIT_FILE = ".mesoflow-exit";
    /**
     * The group leader, as the task's user: sends its output to the sandbox (files the task's user
     * creates, never the launcher), runs the entry point, then records its exit code atomically. A task
     * killed by a signal to its group leaves no file (the launcher that killed it knows why).
     */
    private static final String WRAPPER = "exec >stdout 2>stderr; /bin/sh -c \"$1\"; code=$?; echo $code > "
            + EXIT_FILE + ".tmp && mv " + EXIT_FILE + ".tmp " + EXIT_FILE + "; exit $code";

    private TaskProcess() {
    }

    /** Starts a task as the launcher's own user. */
    public static Process start(TaskPlacement task, Path sandbox, ResourcePool.Slice slice,
                                java.util.List<TaskSecret> secrets) throws IOException {
        return start(task, sandbox, slice, secrets, RunAs.launcherItself());
    }

    /** Prepares the sandbox, hands it (and a new output folder) to {@code runAs}'s user and starts the task. */
    public static Process start(TaskPlacement task, Path sandbox, ResourcePool.Slice slice,
                                java.util.List<TaskSecret> secrets, RunAs runAs) throws IOException {
        TaskFiles.createSearchable(sandbox.getParent());
        Files.createDirectories(sandbox.resolve("tmp"));
        for (TaskSecret secret : secrets) {
            if (secret.file() != null) {
                TaskFiles.writeSecret(sandbox, secret);
            }
        }
        ArtifactFetcher.fetch(task.launch().artifactUrl(), sandbox);
        String context = EventCodec.json(task.launch().context());
        Files.writeString(sandbox.resolve(CONTEXT_FILE), context);
        String outputDir = task.launch().outputDir();
        if (outputDir != null && !outputDir.contains("://")) {
            TaskFiles.outputDir(Path.of(outputDir), runAs);
        }
        Files.deleteIfExists(sandbox.resolve(EXIT_FILE));
        for (String log : java.util.List.of("stdout", "stderr")) { // there from the start, for log readers
            Files.deleteIfExists(sandbox.resolve(log));
            Files.createFile(sandbox.resolve(log));
        }
        TaskFiles.handOver(sandbox, runAs);
        // stderr until the wrapper redirects it: what setpriv or setsid say lands in the launcher's log
        ProcessBuilder builder = new ProcessBuilder(runAs.command(java.util.List.of("setsid", "/bin/sh", "-c", WRAPPER,
                "mesoflow-task", task.launch().entryPoint())))
                .directory(sandbox.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        Map<String, String> env = builder.environment();
        env.clear();
        env.putAll(environment(task, sandbox, slice, context));
        runAs.adjust(env, sandbox, System.getenv("PATH"));
        secrets.stream().filter(s -> s.env() != null).forEach(s -> env.put(s.env(), s.value()));
        return builder.start();
    }

    /**
     * The exit code the task's wrapper recorded, if it ended normally. The sandbox is the task user's:
     * only a regular file is read (never a link or a fifo it put there), and only its first bytes.
     */
    public static java.util.OptionalInt recordedExit(Path sandbox) {
        Path file = sandbox.resolve(EXIT_FILE);
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return java.util.OptionalInt.empty();
        }
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            return java.util.OptionalInt.of(Integer.parseInt(new String(in.readNBytes(16), StandardCharsets.US_ASCII)
                    .trim()));
        } catch (IOException | NumberFormatException none) {
            return java.util.OptionalInt.empty();
        }
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
