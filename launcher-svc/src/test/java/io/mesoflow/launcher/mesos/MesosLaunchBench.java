package io.mesoflow.launcher.mesos;

import static io.mesoflow.launcher.mesos.MesosSimulatorResource.master;

import io.mesoflow.events.EventCodec;
import io.mesoflow.events.LaunchRequested;
import io.mesoflow.events.LaunchSpec;
import io.mesoflow.events.Resources;
import io.mesoflow.events.TaskPlacement;
import io.mesoflow.events.TaskState;
import io.mesoflow.events.TaskStatusChanged;
import io.mesoflow.events.Topics;
import io.mesoflow.testing.MesoflowTestResource;
import io.mesoflow.testing.TestTopics;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Launch throughput on the Mesos backend: 1,000 tasks (100 jobs of 10) across 500 simulated
 * agents that start every task at once. Prints tasks launched per second and the time from the
 * first launch request to every task RUNNING on Kafka (each task counted once; the 100 requests are
 * sent together, then awaited). A benchmark, not part of the suite:
 *
 * <pre>./mvnw -B -pl launcher-svc -am verify -Dit.test=MesosLaunchBench -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false</pre>
 */
@QuarkusTest
@WithTestResource(MesoflowTestResource.class)
@WithTestResource(MesosBenchResource.class)
class MesosLaunchBench {
    static final int AGENTS = 500;
    static final int JOBS = 100;
    static final int TASKS_PER_JOB = 10;

    @Test
    void measure() {
        try (TestTopics topics = TestTopics.forCurrentTest()) {
            master.awaitCall(org.apache.mesos.v1.scheduler.Protos.Call.Type.SUBSCRIBE, c -> true, Duration.ofSeconds(60));
            master.autoRun(true);
            for (int a = 0; a < AGENTS; a++) {
                master.offer(MesosBackendIT.offer("bench-o" + a, "bench-a" + a, 0));
            }
            topics.readUntil(Topics.OFFERS, v -> v.stream().filter(r -> r.contains("bench-o")).count() >= AGENTS,
                    Duration.ofSeconds(120));
            List<LaunchRequested> requests = new ArrayList<>();
            for (int j = 0; j < JOBS; j++) {
                List<TaskPlacement> tasks = new ArrayList<>();
                for (int t = 0; t < TASKS_PER_JOB; t++) {
                    int agent = (j * TASKS_PER_JOB + t) / 2;
                    tasks.add(new TaskPlacement("worker-" + t, 0, "bench-a" + agent, "bench-a" + agent + ".cluster",
                            List.of("bench-o" + agent), new Resources(1, 1024, 0, 0), List.of(31000 + t % 2),
                            new LaunchSpec("https://a/t.py", "python3 t.py", Map.of(), "/out", Map.of(), List.of())));
                }
                requests.add(new LaunchRequested("bench-" + j, 1, tasks, List.of()));
            }
            long start = System.nanoTime();
            // sent as placement's outbox relay sends a batch (one wait for the broker), not one round trip each, so
            // the benchmark's own producer is not in the figure (measured: no change in tasks/s on a loaded host)
            topics.sendAll(Topics.LAUNCHES, requests);
            int total = JOBS * TASKS_PER_JOB;
            RunningCount seen = new RunningCount();
            topics.readUntil(Topics.TASK_STATUS, v -> seen.upTo(v) >= total, Duration.ofSeconds(300));
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("[bench] %d tasks on %d simulated agents: all RUNNING %.2f s after the first launch "
                    + "request, %.0f tasks launched/s (%d tasks RUNNING, %d RUNNING records; load average %.2f)%n", total,
                    AGENTS, seconds, total / seconds, seen.tasks.size(), seen.running,
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    /**
     * The tasks seen RUNNING among the records read so far (each task once: a status published
     * twice does not count twice), each record decoded once: decoding every record again after each
     * poll made the benchmark's own JVM the busiest process on 2 cores.
     */
    static final class RunningCount {
        private final Set<String> tasks = new HashSet<>();
        private int decoded;
        private long running;

        long upTo(List<String> records) {
            for (; decoded < records.size(); decoded++) {
                TaskStatusChanged s = running(records.get(decoded));
                if (s != null) {
                    running++;
                    tasks.add(s.taskId());
                }
            }
            return tasks.size();
        }
    }

    /** The record as a bench task's RUNNING status, or null. */
    static TaskStatusChanged running(String record) {
        try {
            return EventCodec.decode(record) instanceof TaskStatusChanged s && s.state() == TaskState.RUNNING
                    && s.jobId().startsWith("bench-") ? s : null;
        } catch (RuntimeException e) {
            return null;
        }
    }
}
