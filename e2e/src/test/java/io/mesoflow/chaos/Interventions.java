package io.mesoflow.chaos;

import io.mesoflow.testing.LocalStack;
import io.mesoflow.testing.ServiceProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * What users and priorities do to the chaos suite's job stream while faults happen
 * (docs/suspend-and-preemption.md): every tick it suspends a random job of the stream (grace 1 s)
 * and resumes each suspended job once it is {@code SUSPENDED}; with preemption, every few ticks a
 * low-priority GPU job and, a little later, a high-priority one that needs the only GPU and must
 * preempt it (the victim goes back to the queue by itself). Both kinds of job join the stream's
 * accepted jobs, so the suite's invariants cover them.
 */
final class Interventions implements AutoCloseable {
    static final List<String> TERMINAL = List.of("SUCCEEDED", "FAILED", "CANCELLED");

    private final LocalStack stack;
    private final JobStream stream;
    private final Random random;
    private final Duration tick;
    private final String lowGpuJob;
    private final String highGpuJob;
    private final Thread thread;
    private volatile boolean running = true;
    /** Jobs this suspended, to when (System.nanoTime), until they are resumed or ended. */
    private final Map<String, Long> pending = Collections.synchronizedMap(new LinkedHashMap<>());
    private final Set<String> suspended = Collections.synchronizedSet(new LinkedHashSet<>());
    private final Set<String> resumed = Collections.synchronizedSet(new LinkedHashSet<>());
    private final Set<String> lowGpuJobs = Collections.synchronizedSet(new LinkedHashSet<>());
    private final List<String> violations = Collections.synchronizedList(new ArrayList<>());
    private int ticks;

    /**
     * @param lowGpuJob  a long low-priority GPU job, or null for no preemption in the stream
     * @param highGpuJob a short high-priority job needing the GPU the low one holds
     */
    Interventions(LocalStack stack, JobStream stream, Random random, Duration tick, String lowGpuJob,
                  String highGpuJob) {
        this.stack = stack;
        this.stream = stream;
        this.random = random;
        this.tick = tick;
        this.lowGpuJob = lowGpuJob;
        this.highGpuJob = highGpuJob;
        this.thread = new Thread(this::loop, "interventions");
        thread.setDaemon(true);
    }

    Interventions start() {
        thread.start();
        return this;
    }

    private void loop() {
        while (running) {
            try {
                resumeSuspended();
                suspendOne();
                preemptNow();
            } catch (RuntimeException e) {
                violations.add("interventions: " + e);
            }
            ticks++;
            sleep(tick.toMillis());
        }
    }

    private void suspendOne() {
        List<String> candidates = new ArrayList<>(stream.acceptedIds());
        candidates.removeAll(suspended);
        Collections.shuffle(candidates, random);
        for (String id : candidates.subList(0, Math.min(5, candidates.size()))) {
            String state = ChaosSuiteIT.stateOf(stack, id);
            if (state == null || !List.of("RUNNING", "QUEUED", "PLACED", "LAUNCHING").contains(state)) {
                continue;
            }
            int status = post("/api/v1/jobs/" + id + "/suspend",
                    "{\"reason\": \"chaos: suspended at random\", \"gracePeriodSeconds\": 1}");
            if (status == 202 || status == 200) {
                suspended.add(id);
                pending.put(id, System.nanoTime());
            } else if (status == 404 || status == 405) {
                violations.add("suspend of accepted job " + id + " answered " + status);
            }
            return; // 409: it ended or cannot be suspended now; -1: no API answered; next tick
        }
    }

    /** Resumes the suspended jobs that are SUSPENDED; drops those that ended. */
    private void resumeSuspended() {
        for (String id : List.copyOf(pending.keySet())) {
            String state = ChaosSuiteIT.stateOf(stack, id);
            if (state == null) {
                continue;
            }
            if (TERMINAL.contains(state)) {
                pending.remove(id);
            } else if (state.equals("SUSPENDED")) {
                int status = post("/api/v1/jobs/" + id + "/resume", "{}");
                if (status == 202 || status == 200) {
                    resumed.add(id);
                    pending.remove(id);
                }
            } else if (System.nanoTime() - pending.get(id) > ChaosSuiteIT.BOUND.toNanos()) {
                violations.add("job " + id + " suspended " + ChaosSuiteIT.BOUND + " ago is still " + state
                        + " (never SUSPENDED)");
                pending.remove(id);
            }
        }
    }

    private void preemptNow() {
        if (lowGpuJob == null) {
            return;
        }
        if (ticks % 8 == 0) {
            String id = stream.submit(lowGpuJob);
            if (id != null) {
                lowGpuJobs.add(id);
            }
        } else if (ticks % 8 == 2) {
            // the low one has run past the minimum run time: it must give way. The GPU stays busy
            // well under half the cycle (low 8 s, restarted once; high 3 s), so GPU jobs never pile up
            stream.submit(highGpuJob);
        }
    }

    /** Jobs this suspended. */
    Set<String> suspended() {
        return Set.copyOf(suspended);
    }

    /** Jobs this resumed after they were SUSPENDED. */
    Set<String> resumed() {
        return Set.copyOf(resumed);
    }

    /** The low-priority GPU jobs it submitted. */
    Set<String> lowGpuJobs() {
        return Set.copyOf(lowGpuJobs);
    }

    List<String> violations() {
        return List.copyOf(violations);
    }

    /** Stops suspending; resumes every job it suspended that is not resumed yet (within the bound). */
    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long deadline = System.nanoTime() + ChaosSuiteIT.BOUND.toNanos();
        while (!pending.isEmpty() && System.nanoTime() < deadline) {
            resumeSuspended();
            sleep(500);
        }
        pending.keySet().forEach(id -> violations.add("job " + id + " suspended but never resumed nor ended"));
    }

    /** POST to any job-api instance that answers; its status, -1 when none did. */
    private int post(String path, String body) {
        for (ServiceProcess api : stack.instances("job-api")) {
            try {
                HttpResponse<String> response = JobStream.HTTP.send(HttpRequest.newBuilder(URI.create(api.url() + path))
                        .timeout(Duration.ofSeconds(5)).header("Authorization", "Bearer " + stack.adminToken())
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() < 500) {
                    return response.statusCode();
                }
            } catch (IOException down) {
                // the other instance
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
        }
        return -1;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
