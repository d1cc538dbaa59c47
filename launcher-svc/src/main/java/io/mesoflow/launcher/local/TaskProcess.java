package io.mesoflow.launcher.local;

import io.mesoflow.events.TaskPlacement;
import io.mesoflow.launcher.secrets.TaskSecret;
import io.mesoflow.launcher.task.TaskEnvironment;
import io.mesoflow.launcher.task.TaskPrelude;
import io.mesoflow.launcher.task.TaskShell;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;

/**
 * Prepares a task's sandbox (artifact, the {@link TaskEnvironment}'s files and folders, secret files,
 * output dir) and starts its entry point as the leader of a new process group, as the task's user (see
 * {@link RunAs}), with its {@link TaskEnvironment} and stdout and stderr kept in the sandbox.
 */
public final class TaskProcess {
    public static final String CONTEXT_FILE = TaskEnvironment.CONTEXT_FILE;
    /** Where the task's exit code lands, so a launcher that did not start the task learns how it ended. */
    public static final String EXIT_FILE = ".mesoflow-exit";
    /**
     * The group leader, as the task's user: sends its output to the sandbox (files the task's user
     * creates, never the launcher), runs the entry point, then records its exit code atomically. A
     * SIGTERM to the group ends neither it nor the entry point's shell ({@link TaskShell}) before the entry
     * point: the task's end is its entry point's, however long it uses its grace period. A task killed by
     * SIGKILL leaves no file (the launcher that killed it knows why).
     */
    private static final String WRAPPER = "exec >stdout 2>stderr; trap : TERM; /bin/sh -c \"$1\"; code=$?; echo $code > "
            + EXIT_FILE + ".tmp && mv " + EXIT_FILE + ".tmp " + EXIT_FILE + "; exit $code";

    static final TaskPrelude.Settings DEFAULT_PRELUDE = new TaskPrelude.Settings("/var/cache/mesoflow/envs", "");

    private TaskProcess() {
    }

    /** Starts a task of job {@code jobId} as the launcher's own user. */
    public static Process start(String jobId, TaskPlacement task, Path sandbox, ResourcePool.Slice slice,
                                java.util.List<TaskSecret> secrets) throws IOException {
        return start(jobId, task, sandbox, slice, secrets, RunAs.launcherItself());
    }

    /** Starts a task as {@code runAs}'s user, with the default environment settings. */
    public static Process start(String jobId, TaskPlacement task, Path sandbox, ResourcePool.Slice slice,
                                java.util.List<TaskSecret> secrets, RunAs runAs) throws IOException {
        return start(jobId, task, sandbox, slice, secrets, runAs, DEFAULT_PRELUDE);
    }

    /**
     * Prepares the sandbox, hands it (and a new output folder) to {@code runAs}'s user and starts the
     * task: its {@link TaskPrelude} (artifact digest, Python environment), then its entry point.
     */
    public static Process start(String jobId, TaskPlacement task, Path sandbox, ResourcePool.Slice slice,
                                java.util.List<TaskSecret> secrets, RunAs runAs, TaskPrelude.Settings prelude)
            throws IOException {
        return start(jobId, task, sandbox, slice, secrets, runAs, prelude, ArtifactFetcher.direct());
    }

    /** As above, the artifact put into the sandbox by {@code artifacts} (the agent's cache). */
    public static Process start(String jobId, TaskPlacement task, Path sandbox, ResourcePool.Slice slice,
                                java.util.List<TaskSecret> secrets, RunAs runAs, TaskPrelude.Settings prelude,
                                ArtifactFetcher artifacts) throws IOException {
        TaskEnvironment environment = TaskEnvironment.of(jobId, task).withVisibleGpus(slice.gpus());
        TaskFiles.createSearchable(sandbox.getParent());
        for (String dir : environment.directories()) {
            Files.createDirectories(sandbox.resolve(dir));
        }
        for (TaskSecret secret : secrets) {
            if (secret.file() != null) {
                TaskFiles.writeSecret(sandbox, secret);
            }
        }
        for (Map.Entry<String, String> file : environment.fileContents().entrySet()) {
            Files.writeString(sandbox.resolve(file.getKey()), file.getValue());
        }
        // last: an artifact may hold symbolic links, which nothing written here as root may follow; what the
        // launcher put in the sandbox stays (the artifact's entries of the same name are skipped)
        artifacts.fetch(task.launch(), sandbox);
        String outputDir = task.launch().outputDir();
        if (outputDir != null && !outputDir.contains("://")) {
            TaskFiles.outputDir(Path.of(outputDir), runAs);
        }
        Files.deleteIfExists(sandbox.resolve(EXIT_FILE));
        Files.deleteIfExists(NoticeFile.of(sandbox)); // a notice is for the attempt it was sent to
        for (String log : java.util.List.of("stdout", "stderr")) { // there from the start, for log readers
            Files.deleteIfExists(sandbox.resolve(log));
            Files.createFile(sandbox.resolve(log));
        }
        TaskFiles.handOver(sandbox, runAs);
        // stderr until the wrapper redirects it: what setpriv or setsid say lands in the launcher's log
        ProcessBuilder builder = new ProcessBuilder(runAs.command(java.util.List.of("setsid", "/bin/sh", "-c", WRAPPER,
                "mesoflow-task", TaskShell.survivingTerm(TaskPrelude.of(task.launch(), prelude)
                        + task.launch().entryPoint()))))
                .directory(sandbox.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        Map<String, String> env = builder.environment();
        env.clear();
        env.putAll(environment(environment, sandbox));
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

    /** The task's variables with the sandbox resolved, after what every process needs (PATH, HOME). */
    static Map<String, String> environment(TaskEnvironment environment, Path sandbox) {
        Map<String, String> env = new java.util.LinkedHashMap<>();
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin"));
        env.put("HOME", System.getenv().getOrDefault("HOME", sandbox.toString()));
        env.putAll(environment.resolve(sandbox.toString()));
        return env;
    }
}
