package io.mesoflow.testing.mesos;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.v1.Protos;

/**
 * One task's health checking as the DEFAULT executor does it with Mesos' health checker library, for
 * TCP checks (the kind MesoFlow uses; other kinds are not run). Guarantees, each as the library's:
 * the first check {@code delay_seconds} after {@link #start}, each next one {@code interval_seconds}
 * after the previous ended; a check connects to {@code 127.0.0.1:<port>} (why: Mesos checks the
 * loopback address, not the agent's) within {@code timeout_seconds}; failures within
 * {@code grace_period_seconds} of the start are ignored until the first success; the first success,
 * and the first after failures, report healthy; every other failure reports unhealthy, and the one
 * that makes {@code consecutive_failures} in a row asks for the task to be killed. No check starts
 * after {@link #stop} (one in progress may still report: the listener ignores what comes too late).
 */
final class HealthChecker {
    /** Where results go: whether healthy, and (for a failure) whether the task is to be killed. */
    interface Listener {
        void health(boolean healthy, boolean killTask);
    }

    private final Protos.HealthCheck check;
    private final ScheduledExecutorService scheduler;
    private final Listener listener;
    private long startedAtMs;
    private boolean initializing = true;
    private int consecutiveFailures;
    private boolean stopped;
    private ScheduledFuture<?> next;

    private HealthChecker(Protos.HealthCheck check, ScheduledExecutorService scheduler, Listener listener) {
        this.check = check;
        this.scheduler = scheduler;
        this.listener = listener;
    }

    /** A checker that checks nothing: a task's until it runs, and that of a task without a TCP check. */
    static final HealthChecker NONE = new HealthChecker(Protos.HealthCheck.getDefaultInstance(), null, null);

    static {
        NONE.stop();
    }

    /** Starts checking {@code task} when it has a TCP health check; otherwise {@link #NONE}. */
    static HealthChecker start(Protos.TaskInfo task, ScheduledExecutorService scheduler, Listener listener) {
        if (!task.hasHealthCheck() || task.getHealthCheck().getType() != Protos.HealthCheck.Type.TCP
                || !task.getHealthCheck().hasTcp()) {
            return NONE;
        }
        HealthChecker checker = new HealthChecker(task.getHealthCheck(), scheduler, listener);
        synchronized (checker) {
            checker.startedAtMs = System.currentTimeMillis();
            checker.schedule(checker.check.getDelaySeconds());
        }
        return checker;
    }

    /** Why a master refuses the check (its validation of a task's {@code health_check}), or null. */
    static String invalid(Protos.HealthCheck check) {
        if (!check.hasType() || check.getType() == Protos.HealthCheck.Type.UNKNOWN) {
            return "HealthCheck must specify 'type'";
        }
        if (check.getType() == Protos.HealthCheck.Type.TCP && !check.hasTcp()) {
            return "Expecting 'tcp' to be set for TCP health check";
        }
        if (check.getType() == Protos.HealthCheck.Type.HTTP && !check.hasHttp()) {
            return "Expecting 'http' to be set for HTTP health check";
        }
        if (check.getType() == Protos.HealthCheck.Type.COMMAND && !check.hasCommand()) {
            return "Expecting 'command' to be set for COMMAND health check";
        }
        if (check.getDelaySeconds() < 0 || check.getIntervalSeconds() < 0 || check.getTimeoutSeconds() < 0
                || check.getGracePeriodSeconds() < 0) {
            return "Expecting 'delay_seconds', 'interval_seconds', 'timeout_seconds' and 'grace_period_seconds' "
                    + "to be non-negative";
        }
        return null;
    }

    synchronized void stop() {
        stopped = true;
        if (next != null) {
            next.cancel(false);
        }
    }

    private void schedule(double seconds) {
        if (!stopped) {
            try {
                next = scheduler.schedule(this::checkOnce, (long) (seconds * 1000), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException agentClosed) {
                stopped = true;
            }
        }
    }

    private void checkOnce() {
        boolean ok = connects(check.getTcp().getPort(), check.getTimeoutSeconds());
        Boolean healthy = null;
        boolean kill = false;
        synchronized (this) {
            if (stopped) {
                return;
            }
            if (ok) {
                if (initializing || consecutiveFailures > 0) {
                    healthy = true;
                    initializing = false;
                }
                consecutiveFailures = 0;
            } else if (!(initializing && check.getGracePeriodSeconds() > 0
                    && System.currentTimeMillis() - startedAtMs <= check.getGracePeriodSeconds() * 1000)) {
                consecutiveFailures++;
                healthy = false;
                kill = consecutiveFailures >= check.getConsecutiveFailures();
            }
            schedule(check.getIntervalSeconds());
        }
        if (healthy != null) { // outside this lock: the task's runner calls stop() holding its own
            listener.health(healthy, kill);
        }
    }

    private static boolean connects(int port, double timeoutSeconds) {
        int timeoutMs = timeoutSeconds > 0 ? (int) Math.min(timeoutSeconds * 1000, Integer.MAX_VALUE) : 0;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), timeoutMs);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
