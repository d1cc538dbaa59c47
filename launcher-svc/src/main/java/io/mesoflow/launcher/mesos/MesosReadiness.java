package io.mesoflow.launcher.mesos;

import io.mesoflow.events.TaskPlacement;
import io.mesoflow.launcher.task.ServedPort;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.mesos.v1.Protos;

/**
 * Readiness on Mesos: a task whose role serves a port ({@link ServedPort}) gets a TCP health
 * check on its first port, run by the DEFAULT executor on the agent, and {@code TaskStatus.healthy}
 * becomes the status's {@code ready}. Pure.
 *
 * <p>The check only reports, it never kills: a TensorFlow server listens 20-37 s after its process
 * starts on a busy machine, minutes later when its Python environment is built first, and monitor,
 * not the executor, decides about restarts. So failures are ignored for {@link #GRACE_PERIOD_SECONDS}
 * after launch (Mesos counts failures only after the grace period or the first success) and the
 * executor would kill only after {@link #CONSECUTIVE_FAILURES} failures in a row (weeks). The executor
 * connects to {@code 127.0.0.1:<port>} (not the agent's address), so a task must listen on loopback
 * too, as TensorFlow servers do (they bind every interface).
 */
public final class MesosReadiness {
    /** Checking starts this long after launch (Mesos' default: 15 s). */
    public static final double DELAY_SECONDS = 1;
    /** Between the end of one check and the next (Mesos' default: 10 s). */
    public static final double INTERVAL_SECONDS = 2;
    /** A check not done by then fails (Mesos warns that less than 5 s gives spurious failures). */
    public static final double TIMEOUT_SECONDS = 10;
    /** Failures before the first success are ignored this long after launch: one hour. */
    public static final double GRACE_PERIOD_SECONDS = 3600;
    /** Failures in a row after which the executor would kill the task: never in practice. */
    public static final int CONSECUTIVE_FAILURES = 1_000_000;

    private MesosReadiness() {
    }

    /** The TCP health check of a task whose role serves a port and that has one; empty otherwise. */
    public static Optional<Protos.HealthCheck> healthCheck(TaskPlacement task) {
        OptionalInt port = ServedPort.of(task);
        if (port.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(Protos.HealthCheck.newBuilder().setType(Protos.HealthCheck.Type.TCP)
                .setTcp(Protos.HealthCheck.TCPCheckInfo.newBuilder().setPort(port.getAsInt()))
                .setDelaySeconds(DELAY_SECONDS).setIntervalSeconds(INTERVAL_SECONDS)
                .setTimeoutSeconds(TIMEOUT_SECONDS).setGracePeriodSeconds(GRACE_PERIOD_SECONDS)
                .setConsecutiveFailures(CONSECUTIVE_FAILURES).build());
    }

    /**
     * The {@code ready} of a status: {@code healthy} when Mesos says it; false for a RUNNING task that
     * serves a port and whose check has not passed yet; null otherwise (other states, other roles, and
     * reconciliation answers without health, which say nothing about it).
     */
    public static Boolean ready(Protos.TaskStatus status, TaskPlacement placement) {
        if (status.getState() != Protos.TaskState.TASK_RUNNING) {
            return null;
        }
        if (status.hasHealthy()) {
            return status.getHealthy();
        }
        boolean reconciled = status.hasReason()
                && status.getReason() == Protos.TaskStatus.Reason.REASON_RECONCILIATION;
        return placement != null && ServedPort.of(placement).isPresent() && !reconciled ? Boolean.FALSE : null;
    }

    /** Whether a health check's update: RUNNING again, no new state, only readiness. */
    public static boolean isHealthUpdate(Protos.TaskStatus status) {
        return status.hasReason()
                && status.getReason() == Protos.TaskStatus.Reason.REASON_TASK_HEALTH_CHECK_STATUS_UPDATED;
    }

    /**
     * Whether MesoFlow publishes the update: not a health check's "unhealthy" (the executor sends one per
     * failed check once the grace period is over; monitor acts on none of them, and the task's end says
     * more).
     */
    public static boolean published(Protos.TaskStatus status) {
        return !(isHealthUpdate(status) && status.hasHealthy() && !status.getHealthy());
    }

    /** The message of a health check's update (the executor's copy of the last status has none). */
    public static String healthMessage(Protos.TaskStatus status, TaskPlacement placement) {
        String port = placement == null || placement.ports().isEmpty() ? "its port"
                : "port " + placement.ports().get(0);
        return status.getHealthy() ? "ready: " + port + " accepts connections"
                : "not ready: " + port + " does not accept connections";
    }
}
