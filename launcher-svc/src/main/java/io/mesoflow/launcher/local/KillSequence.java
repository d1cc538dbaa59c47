package io.mesoflow.launcher.local;

import io.mesoflow.launcher.task.PreemptionNotice;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * How a local task is killed: the preemption notice (when the kill carries one) written to its
 * sandbox first, then SIGTERM to its process group, then SIGKILL once the grace period is over if
 * anything of the group is left (a grace of zero: right after the SIGTERM).
 */
final class KillSequence {
    private static final Logger LOG = Logger.getLogger(KillSequence.class);

    private KillSequence() {
    }

    /**
     * Kills the group {@code pgid} of the task in {@code sandbox}; {@code notice} null for a plain
     * kill. The SIGKILL is scheduled on {@code timer}.
     */
    static void run(long pgid, Path sandbox, String notice, Duration grace, Clock clock,
                    ScheduledExecutorService timer) {
        if (notice != null) {
            try {
                NoticeFile.write(sandbox, PreemptionNotice.at(clock.instant(), notice, grace.toSeconds()));
            } catch (IOException | RuntimeException e) { // the kill goes on: the task only misses its notice
                LOG.warnf("cannot write the preemption notice of the task in %s: %s", sandbox, e.getMessage());
            }
        }
        ProcessGroups.signal(pgid, "TERM");
        if (grace.isZero() || grace.isNegative()) {
            ProcessGroups.signal(pgid, "KILL");
            return;
        }
        timer.schedule(() -> {
            if (ProcessGroups.alive(pgid)) {
                ProcessGroups.signal(pgid, "KILL");
            }
        }, grace.toMillis(), TimeUnit.MILLISECONDS);
    }
}
