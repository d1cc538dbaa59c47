package io.mesoflow.bench;

import io.mesoflow.testing.LocalStack;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * job-api under a constant 200 requests/s from this JVM (a second process on loopback): half
 * submits of a small job, half gets of a job already submitted. Open loop: each request's
 * latency counts from when it was due, so a slow answer cannot hide the ones queued behind it.
 * Prints p50/p90/p99/max per kind and the error rate. A benchmark, not part of the suite:
 *
 * <pre>./mvnw -B -pl e2e -am verify -Dit.test=ApiLoadBench -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false</pre>
 *
 * {@code -Dbench.rate=200 -Dbench.seconds=30} change the load.
 */
class ApiLoadBench {
    static final int RATE = Integer.getInteger("bench.rate", 200);
    static final int SECONDS = Integer.getInteger("bench.seconds", 30);
    static final int WARMUP_SECONDS = 10;

    record Sample(String kind, long dueNanos, long latencyNanos, int status) {
    }

    @Test
    void measure() throws Exception {
        String spec = Files.readString(LocalStack.repositoryRoot().resolve("examples/ps-training/single-worker.json"))
                .replace("\"train.py\"", "\"" + LocalStack.repositoryRoot().resolve("examples/ps-training/train.py")
                        .toUri() + "\"");
        java.util.Map<String, String> settings = new java.util.HashMap<>(LocalStack.declaredAgent("24200-24399"));
        settings.put("mesoflow.api.rate-limit.submissions-per-second", "0"); // measures the API, not the limit
        try (LocalStack stack = new LocalStack(LocalStack.repositoryRoot(), Path.of("target/bench").toAbsolutePath(),
                settings).start()) {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                    .executor(Executors.newFixedThreadPool(8)).build();
            String auth = "Bearer " + stack.adminToken();
            URI jobs = URI.create(stack.apiUrl() + "/api/v1/jobs");
            HttpResponse<String> first = http.send(HttpRequest.newBuilder(jobs).header("Authorization", auth)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(spec)).build(),
                    HttpResponse.BodyHandlers.ofString());
            String id = first.body().replaceAll("(?s).*?\"id\":\"([^\"]+)\".*", "$1");
            URI one = URI.create(stack.apiUrl() + "/api/v1/jobs/" + id);

            run(http, auth, jobs, one, spec, WARMUP_SECONDS);
            List<Sample> samples = run(http, auth, jobs, one, spec, SECONDS);
            report(samples);
        }
    }

    static List<Sample> run(HttpClient http, String auth, URI jobs, URI one, String spec, int seconds)
            throws InterruptedException {
        ConcurrentLinkedQueue<Sample> samples = new ConcurrentLinkedQueue<>();
        List<CompletableFuture<?>> inFlight = Collections.synchronizedList(new ArrayList<>());
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        AtomicInteger n = new AtomicInteger();
        long periodNanos = 1_000_000_000L / RATE;
        long start = System.nanoTime();
        int total = RATE * seconds;
        ticker.scheduleAtFixedRate(() -> {
            long now = System.nanoTime();
            // send every request that is due by now (catches up if the ticker was late)
            while (n.get() < total && start + n.get() * periodNanos <= now) {
                int i = n.getAndIncrement();
                long due = start + i * periodNanos;
                boolean submit = i % 2 == 0;
                HttpRequest.Builder request = HttpRequest.newBuilder(submit ? jobs : one)
                        .timeout(Duration.ofSeconds(30)).header("Authorization", auth);
                if (submit) {
                    request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(spec));
                }
                inFlight.add(http.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding())
                        .handle((response, error) -> {
                            samples.add(new Sample(submit ? "submit" : "get", due, System.nanoTime() - due,
                                    error != null ? -1 : response.statusCode()));
                            return null;
                        }));
            }
        }, 0, 1, TimeUnit.MILLISECONDS);
        while (n.get() < total) {
            Thread.sleep(50);
        }
        ticker.shutdown();
        CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).orTimeout(60, TimeUnit.SECONDS)
                .exceptionally(e -> null).join();
        return new ArrayList<>(samples);
    }

    static void report(List<Sample> samples) {
        System.out.printf("%n[bench] job-api at %d requests/s for %d s (open loop, latency from due time)%n", RATE,
                SECONDS);
        for (String kind : List.of("submit", "get")) {
            List<Sample> mine = samples.stream().filter(s -> s.kind().equals(kind)).toList();
            long errors = mine.stream().filter(s -> s.status() < 200 || s.status() >= 300).count();
            long[] ms = mine.stream().mapToLong(Sample::latencyNanos).sorted().toArray();
            System.out.printf("[bench] %-6s n=%d  p50=%.1f ms  p90=%.1f ms  p99=%.1f ms  max=%.1f ms  errors=%d (%.2f%%)%n",
                    kind, ms.length, pct(ms, 50), pct(ms, 90), pct(ms, 99), ms.length == 0 ? 0 : ms[ms.length - 1] / 1e6,
                    errors, mine.isEmpty() ? 0 : 100.0 * errors / mine.size());
        }
    }

    static double pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int i = (int) Math.ceil(p / 100 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(i, sorted.length - 1))] / 1e6;
    }
}
