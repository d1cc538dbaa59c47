package io.mesoflow.launcher.local;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/** Signals a whole process group (each task is started with setsid, so its pid is its group id). */
public final class ProcessGroups {
    private ProcessGroups() {
    }

    public static void signal(long pgid, String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, "--", "-" + pgid)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            kill.waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run kill", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether any process of the group is still alive. */
    public static boolean alive(long pgid) {
        try {
            Process kill = new ProcessBuilder("kill", "-0", "--", "-" + pgid)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return kill.waitFor(5, TimeUnit.SECONDS) && kill.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
