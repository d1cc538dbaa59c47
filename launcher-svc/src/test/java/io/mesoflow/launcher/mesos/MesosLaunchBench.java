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
 * sent together, then awaited), timed when the last RUNNING is read. The same round on 500 other
 * agents goes first and is printed apart: a launcher that has been running has its launch path
 * compiled, while a fresh JVM spends its first launches compiling it (its JIT compiler thread took
 * 40% of the JVM's CPU in a round after a 10-job warm-up). A benchmark, not part of the suite:
 *
 * <pre>./mvnw -B -pl launcher-svc -am verify -Dit.test=MesosLaunchBench -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false</pre>
 */
@QuarkusTest
@WithTestResource(MesoflowTestResource.class)
@WithTestResource(MesosBenchResource.class)
class MesosLaunchBench {
    static final int JOBS = 100;
    static final int TASKS_PER_JOB = 10;
    /** The jobs launched first, printed apart: a fresh JVM loads and compiles the launch path's code on them. */
    static final int WARM_UP_JOBS = 100;

    @Test
    void measure() {
        try (TestTopics topics = TestTopics.forCurrentTest()) {
            master.awaitCall(org.apache.mesos.v1.scheduler.Protos.Call.Type.SUBSCRIBE, c -> true, Duration.ofSeconds(60));
            master.autoRun(true);
            Round cold = round(topics, "cold", WARM_UP_JOBS);
            Round warm = round(topics, "bench", JOBS);
            System.out.printf("[bench] a fresh launcher JVM's first launches: %d tasks RUNNING %.2f s after the first "
                    + "launch request, %.0f tasks launched/s%n", cold.tasks, cold.seconds, cold.tasksPerSecond());
            System.out.printf("[bench] %d tasks on %d simulated agents: all RUNNING %.2f s after the first launch "
                    + "request, %.0f tasks launched/s (%d tasks RUNNING, %d RUNNING records; load average %.2f)%n",
                    warm.tasks, JOBS * TASKS_PER_JOB / 2, warm.seconds, warm.tasksPerSecond(), warm.seen.tasks.size(),
                    warm.seen.running, ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    /** One measured round: {@code jobs} jobs of {@link #TASKS_PER_JOB} tasks, two tasks per fresh agent. */
    private static Round round(TestTopics topics, String prefix, int jobs) {
        int agents = jobs * TASKS_PER_JOB / 2;
        for (int a = 0; a < agents; a++) {
            master.offer(MesosBackendIT.offer(prefix + "-o" + a, prefix + "-a" + a, 0));
        }
        topics.readUntil(Topics.OFFERS, v -> v.stream().filter(r -> r.contains(prefix + "-o")).count() >= agents,
                Duration.ofSeconds(120));
        List<LaunchRequested> requests = new ArrayList<>();
        for (int j = 0; j < jobs; j++) {
            List<TaskPlacement> tasks = new ArrayList<>();
            for (int t = 0; t < TASKS_PER_JOB; t++) {
                int agent = (j * TASKS_PER_JOB + t) / 2;
                tasks.add(new TaskPlacement("worker-" + t, 0, prefix + "-a" + agent, prefix + "-a" + agent + ".cluster",
                        List.of(prefix + "-o" + agent), new Resources(1, 1024, 0, 0), List.of(31000 + t % 2),
                        new LaunchSpec("https://a/t.py", "python3 t.py", Map.of(), "/out", Map.of(), List.of())));
            }
            requests.add(new LaunchRequested(prefix + "-" + j, 1, tasks, List.of()));
        }
        int total = jobs * TASKS_PER_JOB;
        RunningCount seen = new RunningCount(prefix + "-");
        long start = System.nanoTime();
        // sent as placement's outbox relay sends a batch (one wait for the broker), not one round trip each, so
        // the benchmark's own producer is not in the figure (measured: no change in tasks/s on a loaded host)
        topics.sendAll(Topics.LAUNCHES, requests);
        long[] allRunning = {0};
        // timed when the last RUNNING is read, not when the read returns: closing its consumer took ~0.5 s
        topics.readUntil(Topics.TASK_STATUS, v -> {
            boolean all = seen.upTo(v) >= total;
            if (all && allRunning[0] == 0) {
                allRunning[0] = System.nanoTime();
            }
            return all;
        }, Duration.ofSeconds(300));
        if (allRunning[0] == 0) {
            throw new AssertionError(prefix + ": only " + seen.tasks.size() + " of " + total + " tasks RUNNING");
        }
        return new Round(total, (allRunning[0] - start) / 1e9, seen);
    }

    /** A round's figures. */
    private record Round(int tasks, double seconds, RunningCount seen) {
        double tasksPerSecond() {
            return tasks / seconds;
        }
    }

    /**
     * The tasks seen RUNNING among the records read so far (each task once: a status published
     * twice does not count twice), each record decoded once: decoding every record again after each
     * poll made the benchmark's own JVM the busiest process on 2 cores.
     */
    static final class RunningCount {
        private final String jobPrefix;
        private final Set<String> tasks = new HashSet<>();
        private int decoded;
        private long running;

        RunningCount(String jobPrefix) {
            this.jobPrefix = jobPrefix;
        }

        long upTo(List<String> records) {
            for (; decoded < records.size(); decoded++) {
                TaskStatusChanged s = running(records.get(decoded));
                if (s != null && s.jobId().startsWith(jobPrefix)) {
                    running++;
                    tasks.add(s.taskId());
                }
            }
            return tasks.size();
        }
    }

    /** The record as a task's RUNNING status, or null. */
    static TaskStatusChanged running(String record) {
        try {
            return EventCodec.decode(record) instanceof TaskStatusChanged s && s.state() == TaskState.RUNNING ? s : null;
        } catch (RuntimeException e) {
            return null;
        }
    }
}
