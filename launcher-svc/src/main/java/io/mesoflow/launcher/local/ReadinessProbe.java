package io.mesoflow.launcher.local;

import io.mesoflow.events.TaskPlacement;
import io.mesoflow.launcher.task.ServedPort;
import java.util.ArrayList;
import java.util.List;

/**
 * What the local backend does after each look at one running attempt: a process runs long before
 * its TensorFlow server listens (20-37 s of imports on a busy machine, minutes while its Python
 * environment builds), so an attempt whose role serves a port is reported ready only once that port
 * accepts connections, and one that builds its environment says so meanwhile. Pure: the caller
 * looks (port, marker), this decides what to report and when to look again.
 *
 * <p>Looks come every {@link #FIRST_DELAY_MS} ms for the first {@link #FAST_LOOKS}, then back off to
 * one every {@link #MAX_DELAY_MS} ms, as long as the attempt runs and is not ready. An attempt that
 * serves no port is watched only for its environment: until the marker came and went, or for
 * {@link #MARKER_LOOKS} looks when it never shows (a cached environment removes it at once).
 * Each report is made at most once per attempt; a new leader that adopts the attempt starts anew.
 */
final class ReadinessProbe {
    static final long FIRST_DELAY_MS = 250;
    static final int FAST_LOOKS = 8;
    static final long MAX_DELAY_MS = 2000;
    static final int MARKER_LOOKS = 24;

    /** A status to publish: RUNNING with this message (and ready where the role serves a port). */
    enum Report { PREPARING, PREPARED, READY }

    /** What one look found: the environment marker in the sandbox, and whether the port accepted a connection. */
    record Look(boolean preparing, boolean listening) {
    }

    /** The reports to publish now, and the delay before the next look (negative: no more looks). */
    record Step(List<Report> reports, long nextDelayMs) {
        boolean done() {
            return nextDelayMs < 0;
        }
    }

    private final boolean servesPort;
    private final boolean buildsEnvironment;
    private int looks;
    private boolean sawMarker;
    private boolean prepared;

    ReadinessProbe(boolean servesPort, boolean buildsEnvironment) {
        this.servesPort = servesPort;
        this.buildsEnvironment = buildsEnvironment;
    }

    /** Whether the attempt's role serves its first port and it has one ({@link ServedPort}). */
    static boolean servesPort(TaskPlacement task) {
        return ServedPort.of(task).isPresent();
    }

    /** Whether there is anything to watch at all. */
    boolean needed() {
        return servesPort || buildsEnvironment;
    }

    /** Decides on one look. */
    Step next(Look look) {
        looks++;
        List<Report> reports = new ArrayList<>();
        if (look.preparing() && !sawMarker) {
            sawMarker = true;
            reports.add(Report.PREPARING);
        }
        boolean ready = servesPort && look.listening();
        if (!look.preparing() && sawMarker && !prepared) {
            prepared = true;
            if (!ready) {
                reports.add(Report.PREPARED);
            }
        }
        if (ready) {
            reports.add(Report.READY);
            return new Step(reports, -1);
        }
        boolean stillWatching = servesPort
                || (buildsEnvironment && !prepared && (sawMarker || looks < MARKER_LOOKS));
        return new Step(reports, stillWatching ? delayAfter(looks) : -1);
    }

    /** The wait after {@code looks} looks: fast at first, then doubling up to {@link #MAX_DELAY_MS}. */
    static long delayAfter(int looks) {
        if (looks < FAST_LOOKS) {
            return FIRST_DELAY_MS;
        }
        int doublings = Math.min(looks - FAST_LOOKS + 1, 8);
        return Math.min(FIRST_DELAY_MS << doublings, MAX_DELAY_MS);
    }
}
