package io.mesoflow.testing.mesos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Process groups of simulated tasks, and the guarantee that none outlives this JVM: a shutdown
 * hook SIGKILLs every registered group, and a watchdog (a shell in its own session, started with
 * the first task) SIGKILLs the groups listed in a file once this JVM is gone, also after a
 * {@code kill -9} that skips the hook. Each task runs under {@code setsid}, so its pid is its group id.
 */
final class ProcessReaper {
    private static final Set<Long> GROUPS = ConcurrentHashMap.newKeySet();
    private static Path list;

    private ProcessReaper() {
    }

    static synchronized void register(long pgid) {
        if (list == null) {
            start();
        }
        GROUPS.add(pgid);
        writeList();
    }

    static synchronized void unregister(long pgid) {
        GROUPS.remove(pgid);
        if (list != null) {
            writeList();
        }
    }

    /** Sends {@code signal} (e.g. {@code TERM}, {@code KILL}) to the whole process group. */
    static void signal(long pgid, String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, "--", "-" + pgid)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            kill.waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            // the group is gone or kill is missing; nothing more can be done
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void start() {
        try {
            list = Files.createTempFile("mesos-sim-groups", ".txt");
            list.toFile().deleteOnExit();
            long jvm = ProcessHandle.current().pid();
            String script = "while kill -0 " + jvm + " 2>/dev/null; do sleep 1; done; "
                    + "for g in $(cat '" + list + "' 2>/dev/null); do kill -KILL -- -$g 2>/dev/null; done; "
                    + "rm -f '" + list + "'";
            new ProcessBuilder("setsid", "bash", "-c", script).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the process watchdog", e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> GROUPS.forEach(g -> signal(g, "KILL")),
                "mesos-sim-reaper"));
    }

    private static void writeList() {
        try {
            Path tmp = list.resolveSibling(list.getFileName() + ".new");
            Files.writeString(tmp, GROUPS.stream().map(String::valueOf).collect(Collectors.joining("\n")));
            Files.move(tmp, list, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // the shutdown hook still covers a normal exit
        }
    }
}
