package io.mesoflow.launcher.progress;

import io.mesoflow.events.EventCodec;
import io.mesoflow.events.JobProgress;
import io.mesoflow.events.LaunchSpec;
import io.mesoflow.events.TaskPlacement;
import io.mesoflow.events.TaskStatusChanged;
import io.mesoflow.launcher.LauncherConfig;
import io.mesoflow.launcher.leader.Leadership;
import io.mesoflow.launcher.store.LaunchedTaskEntity;
import io.mesoflow.launcher.store.LauncherStore;
import io.mesoflow.launcher.store.StatusReporter;
import io.mesoflow.launcher.store.TaskEnding;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Reads every running job's training progress on the leader and publishes {@link JobProgress} on
 * {@code mesoflow.progress}: on its own single scheduled thread (never a Kafka consumer's, never a
 * backend's), every {@code mesoflow.launcher.progress.interval}, a {@link JobReading} per job (forgotten
 * when the job's tasks end), publishing only what changed. A send waits at most {@link #PUBLISH_TIMEOUT};
 * when it fails, the job's reading offers the same data again at the next round, the failure is warned
 * about once per job until it is published again, and the rest of the round waits for the next one (the
 * broker is likely down; the next round starts after that job). Just before the end of a job's reporting
 * task is published ({@link TaskEnding}), the job is read once more and what changed published, so its
 * final step is out before (or, past {@link #FINAL_READ_WAIT}, soon after) its end: the one reading per
 * job that does not wait for the interval. Stops when leadership ends.
 */
@ApplicationScoped
public class ProgressPoller implements Leadership {
    private static final Logger LOG = Logger.getLogger(ProgressPoller.class);
    /** The longest a progress send waits for the broker: a round never stalls long on a broker that is down. */
    static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(5);
    /**
     * The longest the end status of a job's reporting task waits for the job's final reading; past it, the
     * end goes first and the reading follows (the next round's last read).
     */
    static final Duration FINAL_READ_WAIT = TaskEnding.WAIT;

    @Inject
    LauncherConfig config;

    @Inject
    RunningTasks running;

    @Inject
    LauncherStore store;

    @Inject
    StatusReporter reporter;

    @Inject
    MeterRegistry metrics;

    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "progress-poller");
        t.setDaemon(true);
        return t;
    });
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private final ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    /** Only the poller thread touches these two. */
    private final Map<String, JobReading> readings = new HashMap<>();
    private final Map<String, LaunchSpec> specs = new HashMap<>();
    private final PublishFailures failures = new PublishFailures();
    private ScheduledFuture<?> polling;
    private Counter bytesRead;
    private Counter recordsDecoded;
    private Counter corrupt;
    private Counter published;
    private Counter publishFailed;
    private Counter droppedScalars;
    private Counter cpuSeconds;
    private Timer pollDuration;

    @PostConstruct
    void meters() {
        bytesRead = metrics.counter("mesoflow.progress.bytes.read");
        recordsDecoded = metrics.counter("mesoflow.progress.records.decoded");
        corrupt = metrics.counter("mesoflow.progress.records.corrupt");
        published = metrics.counter("mesoflow.progress.events.published");
        publishFailed = metrics.counter("mesoflow.progress.events.failed");
        droppedScalars = metrics.counter("mesoflow.progress.scalars.dropped");
        cpuSeconds = metrics.counter("mesoflow.progress.cpu.seconds");
        pollDuration = metrics.timer("mesoflow.progress.poll.duration");
    }

    @Override
    public synchronized void takeOver() {
        if (!config.progress().enabled() || polling != null) {
            return;
        }
        long every = config.progress().interval().toMillis();
        polling = thread.scheduleWithFixedDelay(this::pollAll, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stepDown() {
        if (polling != null) {
            polling.cancel(false);
            polling = null;
        }
        running.clear();
        thread.execute(() -> {
            readings.clear();
            specs.clear();
        });
    }

    @Override
    public int order() {
        return 50; // after the backend has adopted what the last leader left
    }

    void stop(@Observes ShutdownEvent event) {
        thread.shutdownNow();
    }

    /**
     * Reads the job of a reporting task about to end once more, on the poller's thread, and waits for it
     * (at most until the ending's deadline, which the run's endings share: {@link #FINAL_READ_WAIT} in all): what it publishes precedes the end. Not published: the last read
     * after the end offers it again. Never throws (the end must be published).
     */
    void beforeEnd(@Observes TaskEnding ending) {
        TaskStatusChanged status = ending.status();
        Optional<RunningTasks.Seen> task = running.reporting(status.jobId())
                .filter(t -> t.taskName().equals(status.taskName()) && t.attempt() == status.attempt());
        if (task.isEmpty()) {
            return;
        }
        Future<Boolean> read;
        synchronized (this) {
            if (polling == null) {
                return; // not reading progress (disabled, or not the leader)
            }
            try {
                read = thread.submit(() -> poll(status.jobId(), task.get()));
            } catch (RejectedExecutionException stopping) {
                return;
            }
        }
        try {
            read.get(ending.left().toNanos(), TimeUnit.NANOSECONDS); // the run's endings share one deadline
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.debugf("final progress reading of %s not out before its end (%s): it follows the end", status.jobId(),
                    e instanceof ExecutionException ? e.getCause() : "no answer in " + FINAL_READ_WAIT);
        }
    }

    /** One round over every running job; never throws (the schedule would stop). */
    void pollAll() {
        try {
            Map<String, RunningTasks.Seen> last = running.takeLastReads();
            List<String> jobs = running.jobs();
            Set<String> kept = new HashSet<>(jobs);
            kept.addAll(last.keySet());
            readings.keySet().retainAll(kept);
            failures.retain(List.copyOf(kept));
            specs.keySet().removeIf(taskId -> readings.keySet().stream().noneMatch(taskId::startsWith));
            if (!readLast(last, jobs)) {
                return;
            }
            for (String jobId : failures.order(jobs)) {
                Optional<RunningTasks.Seen> task = running.reporting(jobId);
                if (task.isPresent() && !poll(jobId, task.get())) {
                    return; // not published: the rest of the round waits for the next one
                }
            }
        } catch (RuntimeException e) {
            LOG.warnf(e, "reading progress failed; trying again in %s", config.progress().interval());
        }
    }

    /**
     * The last read of each job whose reporting task ended (its final step and checkpoint); a job
     * with no task left active is forgotten after it. False when one could not be published: it and
     * those after it are offered again at the next round.
     */
    private boolean readLast(Map<String, RunningTasks.Seen> last, List<String> active) {
        List<Map.Entry<String, RunningTasks.Seen>> pending = List.copyOf(last.entrySet());
        for (int i = 0; i < pending.size(); i++) {
            String jobId = pending.get(i).getKey();
            if (!poll(jobId, pending.get(i).getValue())) {
                pending.subList(i, pending.size()).forEach(e -> running.retryLastRead(e.getKey(), e.getValue()));
                return false;
            }
            if (!active.contains(jobId)) {
                readings.remove(jobId);
            }
        }
        return true;
    }

    /** Reads one job and publishes what changed; false when that could not be published. */
    private boolean poll(String jobId, RunningTasks.Seen task) {
        LaunchSpec spec = specs.computeIfAbsent(task.taskId(), this::spec);
        if (spec == null) {
            return true;
        }
        long cpuBefore = cpu.getCurrentThreadCpuTime();
        long started = System.nanoTime();
        LauncherConfig.Progress settings = config.progress();
        JobReading reading = readings.computeIfAbsent(jobId, id -> new JobReading(new JobReading.Limits(
                settings.maxBytesPerPoll(), settings.maxPointsPerEvent(), settings.maxDepth(), settings.maxEntries(),
                settings.maxTags())));
        JobReading.Polled polled = reading.poll(target(jobId, task, spec), Instant.now());
        bytesRead.increment(polled.bytesRead());
        recordsDecoded.increment(polled.recordsDecoded());
        corrupt.increment(polled.corrupt());
        droppedScalars.increment(polled.droppedScalars());
        boolean sent = polled.progress().map(progress -> publish(jobId, reading, progress)).orElse(true);
        pollDuration.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        cpuSeconds.increment((cpu.getCurrentThreadCpuTime() - cpuBefore) / 1e9);
        return sent;
    }

    private boolean publish(String jobId, JobReading reading, JobProgress progress) {
        try {
            if (!reporter.progress(progress, PUBLISH_TIMEOUT)) {
                return false; // no longer the acting leader: stepDown follows
            }
        } catch (RuntimeException e) {
            publishFailed.increment();
            if (failures.failed(jobId)) {
                LOG.warnf("progress of %s not published (%s); offered again each %s, the other jobs wait for the "
                        + "next round; further failures of it are logged at DEBUG until it is published", jobId,
                        e.toString(), config.progress().interval());
            } else {
                LOG.debugf("progress of %s still not published: %s", jobId, e);
            }
            return false;
        }
        reading.confirm(progress);
        published.increment();
        if (failures.published(jobId)) {
            LOG.infof("progress of %s published again", jobId);
        }
        return true;
    }

    private JobReading.Target target(String jobId, RunningTasks.Seen task, LaunchSpec spec) {
        SandboxFile files = task.agentUrl() != null
                ? new AgentSandboxFile(http, task.agentUrl(), config.progress().readTimeout())
                : task.sandbox() != null && task.sandbox().startsWith("/") ? new LocalSandboxFile() : null;
        return new JobReading.Target(jobId, spec.team(), task.taskName(), task.attempt(),
                OutputLocation.localDir(spec.outputDir()), task.sandbox(), files, TotalSteps.of(spec.context()));
    }

    private LaunchSpec spec(String taskId) {
        LaunchedTaskEntity launched = store.find(taskId);
        return Optional.ofNullable(launched).map(t -> t.placement)
                .map(json -> EventCodec.fromJson(json, TaskPlacement.class).launch()).orElse(null);
    }
}
