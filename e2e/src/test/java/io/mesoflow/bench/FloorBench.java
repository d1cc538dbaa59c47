package io.mesoflow.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mesoflow.e2e.Jobs;
import io.mesoflow.events.EventCodec;
import io.mesoflow.events.JobState;
import io.mesoflow.events.MesoflowEvent;
import io.mesoflow.events.TaskState;
import io.mesoflow.events.TaskStatusChanged;
import io.mesoflow.events.Topics;
import io.mesoflow.testing.LocalStack;
import io.mesoflow.testing.TestTopics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * How far MesoFlow is from the floor, side by side in one run: the six tasks of
 * examples/ps-training/multi-worker.json started by a {@link PlainLauncher} (same artifact, entry
 * point and sandbox layout) and the Kafka produce -> consume round trip on the stack's broker, then
 * MesoFlow's submit -> all tasks RUNNING and -> all ready (its parameter servers probed ready, as the
 * floor counts it; from the task-status records' timestamps),
 * p50/p90/p99 over {@code bench.jobs} jobs one after another and 4 at a time, after
 * {@code bench.warm-up} (10) jobs that are not counted. The floor is the plain
 * start plus the three Kafka hops between submit and launch (jobs, placements, launches). Shapes:
 * {@code -Dbench.shapes=default,production} (two instances of every service) runs both;
 * Below each submit -> all RUNNING, its hops ({@link HopBreakdown}), and after each run the records around its
 * {@code bench.timelines} (2) slowest jobs ({@link StallTimeline}).
 * {@code -Dbench.max-steps} overrides the example's step budget (too short a run ends before its
 * parameter servers are probed ready, and "all ready" then has no figure).
 *
 * <pre>./mvnw -B -pl e2e -am verify -Dit.test=FloorBench -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false</pre>
 */
class FloorBench {
    static final ObjectMapper JSON = new ObjectMapper();
    static final int JOBS = Integer.getInteger("bench.jobs", 30);
    /**
     * Jobs run one after another before the measured ones, not counted: freshly started service JVMs
     * load and compile their code on the first jobs (a launcher's JIT compiler took 40% of its CPU in
     * MesosLaunchBench's round after a short warm-up), which a stack that has been up has done.
     */
    static final int WARM_UP = Integer.getInteger("bench.warm-up", 10);
    static final int HOPS = 3;
    /** How many of each run's slowest jobs get their records printed ({@link StallTimeline}). */
    static final int TIMELINES = Integer.getInteger("bench.timelines", 2);

    @Test
    void measure() throws Exception {
        Path example = LocalStack.repositoryRoot().resolve("examples/ps-training");
        ObjectNode spec = (ObjectNode) JSON.readTree(example.resolve("multi-worker.json").toFile());
        spec.put("artifactUrl", example.resolve("train.py").toUri().toString());
        // the example's own step budget (300, about 6 s): a shorter run ends before its servers are seen ready
        if (Integer.getInteger("bench.max-steps") != null) {
            ((ObjectNode) spec.get("context")).put("max_steps", Integer.getInteger("bench.max-steps"));
        }
        for (String shape : System.getProperty("bench.shapes", "default").split(",")) {
            measure(shape.trim(), spec, example.resolve("train.py"));
        }
    }

    void measure(String shape, ObjectNode spec, Path artifact) throws Exception {
        Path work = Path.of("target/bench-floor-" + shape).toAbsolutePath();
        LocalStack stack = new LocalStack(LocalStack.repositoryRoot(), work, LocalStack.declaredAgent("24200-24399"));
        if (shape.equals("production")) {
            LocalStack.SERVICES.forEach(s -> stack.withInstances(s, 2));
        }
        try (stack; TestTopics topics = new TestTopics(stack.start().kafka().bootstrapServers(), "")) {
            PlainLauncher plain = new PlainLauncher(spec, artifact, System.getProperty("bench.python", "python3"));
            List<Long> plainRunning = new ArrayList<>();
            List<Long> plainReady = new ArrayList<>();
            for (int i = 0; i < 11; i++) {
                PlainLauncher.Figures f = plain.run(Files.createDirectories(work.resolve("plain/" + i)));
                if (i > 0) { // the first warms the page cache and the interpreter's files
                    plainRunning.add(f.running());
                    plainReady.add(f.ready());
                }
            }
            List<Long> rtt = KafkaRoundTrip.measure(stack.kafka().bootstrapServers(), 50);
            Map<String, Long> submitted = new ConcurrentHashMap<>();
            runJobs(stack, spec, WARM_UP, 1, submitted);
            Map<String, Long> sequential = new ConcurrentHashMap<>();
            runJobs(stack, spec, JOBS, 1, sequential);
            Map<String, Long> parallel = new ConcurrentHashMap<>();
            runJobs(stack, spec, JOBS, 4, parallel);
            Map<String, long[]> reached = reached(topics);
            HopBreakdown hops = new HopBreakdown(topics);
            StallTimeline timeline = TIMELINES > 0 ? new StallTimeline(topics) : null;

            long kafka = p(rtt, 50);
            long floorRunning = p(plainRunning, 50) + HOPS * kafka;
            long floorReady = p(plainReady, 50) + HOPS * kafka;
            System.out.printf("%n== FloorBench, %s shape, after %d warm-up jobs (ms; targets: p50 < 300, p99 < 1000, "
                    + "ratio to floor < 3)%n", shape, WARM_UP);
            row("plain launcher: start -> 6 running", plainRunning);
            row("plain launcher: start -> ps serving", plainReady);
            row("Kafka produce -> consume (same broker)", rtt);
            System.out.printf("%-46s %8d%n%-46s %8d%n", "floor: -> all RUNNING (plain + 3 hops)", floorRunning,
                    "floor: -> all ready", floorReady);
            for (Map.Entry<String, Map<String, Long>> run : Map.of("sequential", sequential, "4 in parallel",
                    parallel).entrySet()) {
                List<Long> running = new ArrayList<>();
                List<Long> ready = new ArrayList<>();
                Map<String, Long> runningById = new HashMap<>();
                run.getValue().forEach((id, at) -> {
                    long[] times = reached.get(id);
                    if (times != null && times[0] > 0) {
                        running.add(times[0] - at);
                        runningById.put(id, times[0] - at);
                    }
                    if (times != null && times[1] > 0) {
                        ready.add(times[1] - at);
                    }
                });
                row("MesoFlow " + run.getKey() + ": submit -> all RUNNING", running);
                hops.of(run.getValue()).forEach(FloorBench::row);
                row("MesoFlow " + run.getKey() + ": submit -> all ready", ready);
                System.out.printf("%-46s %8.1f %8.1f%n", "  ratio to floor (p50 running, ready)",
                        p(running, 50) / (double) floorRunning, p(ready, 50) / (double) floorReady);
                if (timeline != null) {
                    timeline.printSlowest(run.getKey(), run.getValue(), runningById, TIMELINES);
                }
            }
        }
    }

    /** Submits {@code count} jobs from {@code threads} threads, each waiting for its job to end; records submit times. */
    static void runJobs(LocalStack stack, ObjectNode spec, int count, int threads, Map<String, Long> submitted)
            throws Exception {
        AtomicInteger left = new AtomicInteger(count);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            done.add(pool.submit(() -> {
                while (left.getAndDecrement() > 0) {
                    long at = System.currentTimeMillis();
                    String id = Jobs.api(stack).contentType("application/json").body(spec.toString())
                            .post("/api/v1/jobs").then().statusCode(201).extract().path("id");
                    submitted.put(id, at);
                    while (!JobState.valueOf(Jobs.api(stack).get("/api/v1/jobs/" + id).path("state")).isTerminal()) {
                        Thread.sleep(50);
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
    }

    /** Per job: when its last task's first RUNNING status and its last task's readiness were recorded (ms). */
    static Map<String, long[]> reached(TestTopics topics) {
        Map<String, Map<String, long[]>> tasks = new HashMap<>();
        for (TestTopics.Timed record : topics.readAll(Topics.TASK_STATUS, Duration.ofSeconds(3))) {
            MesoflowEvent event = EventCodec.decode(record.value());
            if (event instanceof TaskStatusChanged s && s.state() == TaskState.RUNNING && s.attempt() == 0) {
                long[] t = tasks.computeIfAbsent(s.jobId(), k -> new HashMap<>())
                        .computeIfAbsent(s.taskName(), k -> new long[2]);
                if (t[0] == 0) {
                    t[0] = record.timestamp();
                }
                // ready as the plain launcher's floor counts it: the parameter servers accept connections (the
                // example's chief and workers serve nothing, so their probes never report them ready)
                if (t[1] == 0 && (!s.taskName().startsWith("ps-") || Boolean.TRUE.equals(s.ready()))) {
                    t[1] = s.taskName().startsWith("ps-") ? record.timestamp() : -1;
                }
            }
        }
        Map<String, long[]> jobs = new HashMap<>();
        tasks.forEach((job, byTask) -> {
            if (byTask.size() == 6) {
                jobs.put(job, new long[] {byTask.values().stream().mapToLong(t -> t[0]).max().orElse(0),
                        byTask.values().stream().anyMatch(t -> t[1] == 0) ? 0
                                : Math.max(0, byTask.values().stream().mapToLong(t -> t[1]).max().orElse(0))});
            }
        });
        return jobs;
    }

    static void row(String name, List<Long> values) {
        System.out.printf("%-46s p50 %6d  p90 %6d  p99 %6d  (n=%d)%n", name, p(values, 50), p(values, 90),
                p(values, 99), values.size());
    }

    static long p(List<Long> values, int percentile) {
        if (values.isEmpty()) {
            return -1;
        }
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1));
    }
}
