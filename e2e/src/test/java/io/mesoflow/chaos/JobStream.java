package io.mesoflow.chaos;

import io.mesoflow.testing.LocalStack;
import io.mesoflow.testing.ServiceProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A steady stream of small jobs through both API instances while faults happen. A submission is
 * retried (same Idempotency-Key, the other instance) until the API answers 201, so a job counts as
 * accepted exactly when the system said so.
 */
final class JobStream implements AutoCloseable {
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");

    private final LocalStack stack;
    private final String spec;
    private final Duration interval;
    /** Accepted job id to the time (System.nanoTime) it was accepted. */
    private final Map<String, Long> accepted = new ConcurrentHashMap<>();
    private volatile boolean running = true;
    private final Thread thread;
    private final java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();

    JobStream(LocalStack stack, String spec, Duration interval) {
        this.stack = stack;
        this.spec = spec;
        this.interval = interval;
        this.thread = new Thread(this::loop, "job-stream");
        thread.setDaemon(true);
    }

    JobStream start() {
        thread.start();
        return this;
    }

    /** Jobs the API accepted before {@code nanoTime}. */
    List<String> acceptedBefore(long nanoTime) {
        return accepted.entrySet().stream().filter(e -> e.getValue() < nanoTime).map(Map.Entry::getKey).toList();
    }

    int acceptedCount() {
        return accepted.size();
    }

    /** Every job accepted so far. */
    List<String> acceptedIds() {
        return List.copyOf(accepted.keySet());
    }

    private void loop() {
        while (running) {
            submit(spec);
            sleep(interval.toMillis());
        }
    }

    /**
     * Submits one job (retried until the API accepts it, or the stream is closed) and counts it as
     * accepted like the stream's own; its id, or null when the stream closed first.
     */
    String submit(String body) {
        String key = UUID.randomUUID().toString();
        while (running) {
            List<ServiceProcess> apis = stack.instances("job-api");
            ServiceProcess api = apis.get(Math.floorMod(next.getAndIncrement(), apis.size()));
            try {
                HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(api.url() + "/api/v1/jobs"))
                        .timeout(Duration.ofSeconds(10))
                        .header("Authorization", "Bearer " + stack.adminToken())
                        .header("Content-Type", "application/json")
                        .header("Idempotency-Key", key)
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 201 || response.statusCode() == 200) {
                    Matcher id = ID.matcher(response.body());
                    if (id.find()) {
                        accepted.putIfAbsent(id.group(1), System.nanoTime());
                        return id.group(1);
                    }
                }
                if (response.statusCode() >= 400 && response.statusCode() < 500) {
                    throw new IllegalStateException("the API refused a valid job: " + response.body());
                }
            } catch (IOException notNow) {
                // that instance is down or the request timed out: the same key goes to the other one
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
            sleep(500);
        }
        return null;
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
