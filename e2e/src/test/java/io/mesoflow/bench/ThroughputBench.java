package io.mesoflow.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mesoflow.events.EventCodec;
import io.mesoflow.events.JobState;
import io.mesoflow.events.JobStatusChanged;
import io.mesoflow.events.MesoflowEvent;
import io.mesoflow.events.Topics;
import io.mesoflow.testing.LocalStack;
import io.mesoflow.testing.ServiceProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/**
 * The load figure: small single-task jobs pushed through the whole local stack in its production
 * shape (two instances of every service, a standby launcher) at a constant rate, open loop, through
 * both API instances. Reports jobs completed per second and submit -> RUNNING / submit -> SUCCEEDED
 * p50 and p99, from the job-status records' timestamps (same host clock as the submit time).
 *
 * <pre>./mvnw -B -pl e2e -am verify -Dit.test=ThroughputBench -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false</pre>
 *
 * {@code -Dbench.rates=5,10,20} (jobs/s, one run each) and {@code -Dbench.seconds=30} change the load.
 * {@code -Dbench.hops=true} (a profiling switch) also prints, after all rates, each hop's p50 for the
 * jobs submitted in each fifth of each rate's window ({@link HopBreakdown}): the hop whose time grows
 * through a window is where the queue builds.
 */
class ThroughputBench {
    static final int SECONDS = Integer.getInteger("bench.seconds", 30);
    static final boolean HOPS = Boolean.getBoolean("bench.hops");
    static final int[] RATES = Arrays.stream(System.getProperty("bench.rates", "5,10,20").split(","))
            .mapToInt(r -> Integer.parseInt(r.trim())).toArray();

    /** When each job was submitted, ran and ended (epoch ms). */
    static final class Times {
        volatile long submitted;
        volatile long running;
        volatile long ended;
        volatile JobState end;
    }

    final Map<String, Times> jobs = new ConcurrentHashMap<>();

    @Test
    void measure() throws Exception {
        Map<String, String> settings = new java.util.HashMap<>(LocalStack.declaredAgent("24400-24599"));
        settings.put("mesoflow.launcher.local.offer-interval", "250ms");
        settings.put("mesoflow.api.rate-limit.submissions-per-second", "0"); // measures the system, not the limit
        LocalStack stack = new LocalStack(LocalStack.repositoryRoot(), Path.of("target/bench").toAbsolutePath(), settings);
        LocalStack.SERVICES.forEach(s -> stack.withInstances(s, 2));
        try (stack) {
            stack.start();
            Thread statuses = new Thread(() -> follow(stack.kafka().bootstrapServers()), "job-status-reader");
            statuses.setDaemon(true);
            statuses.start();
            String spec = smallJob();
            run(stack, spec, 2, 10);
            Map<Integer, List<String>> runs = new java.util.LinkedHashMap<>();
            for (int rate : RATES) {
                runs.put(rate, run(stack, spec, rate, SECONDS));
                report(rate, runs.get(rate));
            }
            if (HOPS) {
                hops(stack, runs);
            }
        }
    }

    List<String> run(LocalStack stack, String spec, int rate, int seconds) throws Exception {
        HttpClient http = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(8)).build();
        List<ServiceProcess> apis = stack.instances("job-api");
        List<String> ids = java.util.Collections.synchronizedList(new ArrayList<>());
        List<java.util.concurrent.CompletableFuture<?>> sends = new ArrayList<>();
        long start = System.nanoTime();
        long period = 1_000_000_000L / rate;
        for (int i = 0; i < rate * seconds; i++) {
            long wait = start + i * period - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            long submitted = System.currentTimeMillis();
            HttpRequest request = HttpRequest.newBuilder(URI.create(apis.get(i % apis.size()).url() + "/api/v1/jobs"))
                    .header("Authorization", "Bearer " + stack.adminToken()).header("Content-Type", "application/json")
                    .header("Idempotency-Key", UUID.randomUUID().toString())
                    .POST(HttpRequest.BodyPublishers.ofString(spec)).build();
            sends.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenAccept(r -> {
                if (r.statusCode() == 201) {
                    String id = r.body().replaceAll("(?s).*?\"id\":\"([^\"]+)\".*", "$1");
                    jobs.computeIfAbsent(id, k -> new Times()).submitted = submitted;
                    ids.add(id);
                }
            }));
        }
        java.util.concurrent.CompletableFuture.allOf(sends.toArray(java.util.concurrent.CompletableFuture[]::new)).join();
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (System.nanoTime() < deadline && ids.stream().anyMatch(id -> jobs.get(id).end == null)) {
            Thread.sleep(200);
        }
        return ids;
    }

    void follow(String bootstrap) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "bench-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(Topics.JOB_STATUS));
            while (true) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                    MesoflowEvent event = EventCodec.decode(record.value());
                    if (event instanceof JobStatusChanged status) {
                        Times t = jobs.computeIfAbsent(status.jobId(), k -> new Times());
                        if (status.state() == JobState.RUNNING && t.running == 0) {
                            t.running = record.timestamp();
                        } else if (status.state().isTerminal() && t.end == null) {
                            t.ended = record.timestamp();
                            t.end = status.state();
                        }
                    }
                }
            }
        } catch (org.apache.kafka.common.errors.InterruptException stop) {
            // the benchmark is over
        }
    }

    void report(int rate, List<String> ids) {
        List<Times> mine = ids.stream().map(jobs::get).toList();
        List<Times> done = mine.stream().filter(t -> t.end == JobState.SUCCEEDED).toList();
        long first = mine.stream().mapToLong(t -> t.submitted).min().orElse(0);
        long last = done.stream().mapToLong(t -> t.ended).max().orElse(first);
        long[] toRunning = done.stream().mapToLong(t -> t.running - t.submitted).sorted().toArray();
        long[] toDone = done.stream().mapToLong(t -> t.ended - t.submitted).sorted().toArray();
        System.out.printf("%n[bench] offered %d jobs/s for %d s: %d accepted, %d SUCCEEDED, %d other; "
                        + "%.1f jobs completed/s (first submit to last end)%n", rate, SECONDS, mine.size(), done.size(),
                mine.size() - done.size(), done.size() * 1000.0 / Math.max(1, last - first));
        System.out.printf("[bench]   submit -> RUNNING   p50 %d ms  p99 %d ms  max %d ms%n", pct(toRunning, 50),
                pct(toRunning, 99), pct(toRunning, 100));
        System.out.printf("[bench]   submit -> SUCCEEDED p50 %d ms  p99 %d ms  max %d ms%n", pct(toDone, 50),
                pct(toDone, 99), pct(toDone, 100));
    }

    /** Per rate, each hop's p50 (ms) over the jobs submitted in each fifth of the window. */
    void hops(LocalStack stack, Map<Integer, List<String>> runs) {
        try (io.mesoflow.testing.TestTopics topics = new io.mesoflow.testing.TestTopics(stack.kafka().bootstrapServers(), "")) {
            HopBreakdown breakdown = new HopBreakdown(topics);
            runs.forEach((rate, ids) -> {
                System.out.printf("%n[bench] hops at %d jobs/s, p50 ms per fifth of the window (by submit time)%n", rate);
                int fifth = Math.max(1, (ids.size() + 4) / 5);
                List<String> bySubmit = ids.stream().sorted(java.util.Comparator.comparingLong(id -> jobs.get(id).submitted))
                        .toList();
                Map<String, List<String>> cells = new java.util.LinkedHashMap<>();
                for (int from = 0; from < bySubmit.size(); from += fifth) {
                    Map<String, Long> submitted = new java.util.HashMap<>();
                    bySubmit.subList(from, Math.min(from + fifth, bySubmit.size()))
                            .forEach(id -> submitted.put(id, jobs.get(id).submitted));
                    Map<String, List<Long>> hops = breakdown.of(submitted);
                    List<Long> monitor = new ArrayList<>();
                    submitted.keySet().forEach(id -> {
                        Long last = breakdown.lastRunning(id);
                        if (last != null && jobs.get(id).running != 0) {
                            monitor.add(jobs.get(id).running - last);
                        }
                    });
                    hops.put("  -> job RUNNING (monitor)", monitor);
                    hops.forEach((hop, times) -> cells.computeIfAbsent(hop, h -> new ArrayList<>())
                            .add(String.format("%7d", pct(times.stream().mapToLong(Long::longValue).sorted().toArray(), 50))));
                }
                cells.forEach((hop, row) -> System.out.printf("[bench] %-36s %s%n", hop, String.join(" ", row)));
            });
        }
    }

    static long pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int i = (int) Math.ceil(p / 100 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(i, sorted.length - 1))];
    }

    static String smallJob() throws java.io.IOException {
        Path example = LocalStack.repositoryRoot().resolve("examples/ps-training");
        ObjectNode spec = (ObjectNode) new ObjectMapper().readTree(example.resolve("single-worker.json").toFile());
        spec.put("artifactUrl", example.resolve("train.py").toUri().toString());
        spec.put("entryPoint", "echo trained");
        ((ObjectNode) spec.get("roles").get("worker")).put("cpus", 0.1).put("mem", 32);
        return spec.toString();
    }
}
