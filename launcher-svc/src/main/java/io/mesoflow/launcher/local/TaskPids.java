package io.mesoflow.launcher.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Whether a task's process (not necessarily this JVM's child) still runs. A process this launcher
 * did not start cannot be waited for, and once its parent is gone it may linger as a zombie that
 * nobody reaps: a zombie counts as ended. The start time guards against a reused pid.
 */
public final class TaskPids {
    private TaskPids() {
    }

    public static boolean running(long pid, Instant started) {
        boolean sameProcess = ProcessHandle.of(pid).flatMap(h -> h.info().startInstant())
                .map(s -> started == null || Math.abs(s.toEpochMilli() - started.toEpochMilli()) < 1000)
                .orElse(false);
        return sameProcess && !zombie(pid);
    }

    static boolean zombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            // pid (comm) state ...: comm may hold spaces and parentheses, so read after the last ')'.
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (IOException | RuntimeException notLinuxOrGone) {
            return false;
        }
    }

    /** Every process working in {@code sandbox} (or below): what a launcher that died mid-start left. */
    public static java.util.List<Long> workingIn(Path sandbox) {
        try (java.util.stream.Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.filter(p -> p.getFileName().toString().matches("\\d+"))
                    .filter(p -> {
                        try {
                            return Files.readSymbolicLink(p.resolve("cwd")).startsWith(sandbox);
                        } catch (IOException | RuntimeException e) {
                            return false;
                        }
                    })
                    .map(p -> Long.parseLong(p.getFileName().toString()))
                    .toList();
        } catch (IOException | RuntimeException notLinux) {
            return java.util.List.of();
        }
    }
}
