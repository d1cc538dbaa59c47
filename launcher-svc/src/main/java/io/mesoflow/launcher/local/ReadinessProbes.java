package io.mesoflow.launcher.local;

import io.mesoflow.events.TaskPlacement;
import io.mesoflow.launcher.task.TaskPrelude;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Looks at running local tasks on the schedule {@link ReadinessProbe} decides, and publishes what it
 * finds: RUNNING "preparing environment" while the task's sandbox holds the
 * {@link TaskPrelude#PREPARING_MARKER}, and RUNNING with {@code ready=true} once its first port accepts
 * a TCP connection on its hostname. One thread for every task, and each look costs at most a
 * {@link #CONNECT_TIMEOUT_MS} connect, so probing never holds up a launch, the offer cycle or a kill.
 */
@ApplicationScoped
public class ReadinessProbes {
    private static final Logger LOG = Logger.getLogger(ReadinessProbes.class);
    static final int CONNECT_TIMEOUT_MS = 250;

    @Inject
    TaskReports reports;

    private final ScheduledExecutorService looker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "readiness-probes");
        t.setDaemon(true);
        return t;
    });
    private final Map<LocalTask, ScheduledFuture<?>> next = new ConcurrentHashMap<>();
    private final AtomicInteger term = new AtomicInteger();

    /** Starts watching a task that was just reported RUNNING (started here, or adopted). */
    void watch(LocalTask task) {
        ReadinessProbe probe = new ReadinessProbe(ReadinessProbe.servesPort(task.placement()),
                task.placement().launch().python() != null);
        if (probe.needed()) {
            schedule(task, probe, term.get(), ReadinessProbe.FIRST_DELAY_MS);
        }
    }

    /** The term ended: no more looks (the next leader probes the tasks it adopts). */
    void stopAll() {
        term.incrementAndGet();
        next.values().forEach(f -> f.cancel(false));
        next.clear();
    }

    void stop(@Observes ShutdownEvent event) {
        looker.shutdownNow();
    }

    private void schedule(LocalTask task, ReadinessProbe probe, int inTerm, long delayMs) {
        try {
            next.put(task, looker.schedule(() -> look(task, probe, inTerm), delayMs,
                    TimeUnit.MILLISECONDS));
        } catch (RejectedExecutionException shuttingDown) {
            next.remove(task);
        }
    }

    private void look(LocalTask task, ReadinessProbe probe, int inTerm) {
        if (task.ended() || term.get() != inTerm) {
            next.remove(task);
            return;
        }
        TaskPlacement p = task.placement();
        boolean preparing = Files.exists(task.sandbox().resolve(TaskPrelude.PREPARING_MARKER),
                LinkOption.NOFOLLOW_LINKS);
        boolean serves = ReadinessProbe.servesPort(p);
        ReadinessProbe.Step step = probe.next(new ReadinessProbe.Look(preparing,
                serves && accepts(p.hostname(), p.ports().get(0))));
        for (ReadinessProbe.Report report : step.reports()) {
            task.whileRunning(() -> reports.running(task, message(report, p), serves ? report
                    == ReadinessProbe.Report.READY : null));
        }
        if (step.done() || task.ended()) {
            next.remove(task);
        } else if (term.get() == inTerm) {
            schedule(task, probe, inTerm, step.nextDelayMs());
        }
    }

    static String message(ReadinessProbe.Report report, TaskPlacement task) {
        String port = task.ports().isEmpty() ? "" : String.valueOf(task.ports().get(0));
        return switch (report) {
            case PREPARING -> "preparing environment";
            case PREPARED -> ReadinessProbe.servesPort(task)
                    ? "environment ready; waiting for port " + port + " to accept connections"
                    : "environment ready; the entry point runs";
            case READY -> "ready: port " + port + " accepts connections";
        };
    }

    /** Whether {@code host:port} accepts a TCP connection within {@link #CONNECT_TIMEOUT_MS}. */
    static boolean accepts(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host == null ? "127.0.0.1" : host, port), CONNECT_TIMEOUT_MS);
            return true;
        } catch (IOException | IllegalArgumentException notYet) {
            LOG.tracef("%s:%d does not accept connections yet: %s", host, port, notYet.getMessage());
            return false;
        }
    }
}
