package io.mesoflow.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mesoflow.testing.LocalStack;
import io.mesoflow.testing.ServiceProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The chaos suite: 6 rounds with a fixed seed in every build, 50 with a random one under profile
 * {@code chaos} (see docs/benchmarks.md for the command).
 * Two instances of every service, a steady stream of small jobs; each round one fault: kill -9 of a
 * random instance of a random service, a Kafka broker crash, or a PostgreSQL crash, each followed
 * by a restart. After each round: every job accepted before the fault ends (none lost), no attempt
 * started twice, no process left in an ended job's sandbox, all within the convergence bound.
 * Meanwhile {@link Interventions} suspends and resumes random jobs of the stream and, on the stack's
 * one declared GPU, lets a high-priority job preempt a low-priority one (docs/suspend-and-preemption.md);
 * at the end every suspended job was resumed and ended. {@code -Dchaos.suspend=false} leaves them out.
 */
class ChaosSuiteIT {
    static final Duration BOUND = Duration.ofSeconds(Long.getLong("chaos.bound-seconds", 180));
    static final Pattern STATE = Pattern.compile("\"state\"\\s*:\\s*\"([A-Z]+)\"");
    static LocalStack stack;
    static Path sandboxes;

    @BeforeAll
    static void startTheSystem() {
        Map<String, String> settings = new HashMap<>(LocalStack.declaredAgent("24000-24199"));
        settings.put("mesoflow.launcher.local.offer-interval", "250ms");
        settings.put("mesoflow.monitor.initial-backoff", "500ms");
        settings.putAll(io.mesoflow.testing.PreemptionSettings.gpuAgent(1));
        settings.putAll(io.mesoflow.testing.PreemptionSettings.shortPreemption("within-team", "1s", "5s"));
        Path work = Path.of("target/chaos").toAbsolutePath();
        stack = new LocalStack(LocalStack.repositoryRoot(), work, settings);
        LocalStack.SERVICES.forEach(s -> stack.withInstances(s, 2));
        stack.start();
        sandboxes = work.resolve("sandboxes");
    }

    @AfterAll
    static void stopTheSystem() {
        stack.close();
    }

    @Test
    void underRepeatedCrashesNoJobIsLostNoAttemptStartsTwiceAndNoProcessIsOrphaned() throws Exception {
        int rounds = Integer.getInteger("chaos.rounds", 50);
        long seed = Long.getLong("chaos.seed", System.currentTimeMillis());
        System.out.printf("[chaos] %d rounds, seed %d (-Dchaos.seed=%d replays them)%n", rounds, seed, seed);
        Random random = new Random(seed);
        Set<String> ended = new HashSet<>();
        Map<String, String> finalStates = new HashMap<>();
        List<String> violations = new ArrayList<>();
        long worstMs = 0;
        boolean interventions = Boolean.parseBoolean(System.getProperty("chaos.suspend", "true"));
        boolean preemption = interventions && io.mesoflow.testing.PreemptionSettings.placementKnowsPreemption();
        Interventions done = null;
        try (JobStream stream = new JobStream(stack, smallJob(), Duration.ofMillis(700)).start();
             Interventions meddling = new Interventions(stack, stream, new Random(seed ^ 0x5eed), Duration.ofSeconds(3),
                     preemption ? gpuJob(-10, 8) : null, gpuJob(10, 3))) {
            done = meddling;
            if (interventions) {
                meddling.start();
            }
            Thread.sleep(5_000);
            for (int round = 1; round <= rounds; round++) {
                Fault fault = Fault.pick(random, stack);
                long injected = System.nanoTime();
                fault.inject().run();
                List<String> due = stream.acceptedBefore(injected);
                List<String> lost = awaitEnded(stack, due, ended, finalStates, injected);
                long convergedMs = (System.nanoTime() - injected) / 1_000_000;
                worstMs = Math.max(worstMs, convergedMs);
                List<String> found = new ArrayList<>();
                lost.forEach(id -> found.add("job " + id + " did not end within " + BOUND));
                for (String id : due) {
                    Invariants.startedTwice(sandboxes, id).forEach(t -> found.add("job " + id + ": " + t));
                }
                found.addAll(orphans(due, ended));
                violations.addAll(found.stream().map(v -> "round " + v).toList());
                System.out.printf("[chaos] round %d/%d: %s; %d jobs checked, converged in %d ms, %s%n", round, rounds,
                        fault.description(), due.size(), convergedMs, found.isEmpty() ? "no violation" : found);
            }
        }
        violations.addAll(suspendedJobsEnded(done, ended, finalStates));
        long failed = finalStates.values().stream().filter(s -> !s.equals("SUCCEEDED")).count();
        System.out.printf("[chaos] %d rounds, %d jobs ended (%d not SUCCEEDED: %s), %d violations, worst convergence %d ms%n",
                rounds, ended.size(), failed, summarize(finalStates), violations.size(), worstMs);
        assertThat(violations).isEmpty();
    }

    /**
     * After the stream: every job the interventions suspended was resumed (or ended first) and ends;
     * prints how many were suspended, resumed and preempted.
     */
    static List<String> suspendedJobsEnded(Interventions done, Set<String> ended, Map<String, String> states)
            throws InterruptedException {
        List<String> found = new ArrayList<>(done.violations());
        List<String> touched = new ArrayList<>(done.suspended());
        touched.addAll(done.lowGpuJobs());
        List<String> open = awaitEnded(stack, touched, ended, states, System.nanoTime());
        open.forEach(id -> found.add("suspended or preempted job " + id + " did not end within " + BOUND));
        long preempted = done.lowGpuJobs().stream().filter(id -> timelineMentions(id, "preemption")).count();
        System.out.printf("[chaos] interventions: %d jobs suspended, %d resumed after SUSPENDED; %d low-priority GPU "
                + "jobs, %d of them preempted; %d violations%n", done.suspended().size(), done.resumed().size(),
                done.lowGpuJobs().size(), preempted, found.size());
        return found;
    }

    static boolean timelineMentions(String id, String text) {
        try {
            HttpResponse<String> response = JobStream.HTTP.send(HttpRequest.newBuilder(
                            URI.create(stack.apiUrl() + "/api/v1/jobs/" + id + "/events")).timeout(Duration.ofSeconds(5))
                    .header("Authorization", "Bearer " + stack.adminToken()).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && response.body().contains(text);
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Waits until every due job is in a terminal state; returns those that are not within the bound. */
    static List<String> awaitEnded(LocalStack stack, List<String> due, Set<String> ended, Map<String, String> states,
                                   long since) throws InterruptedException {
        List<String> open = new ArrayList<>(due.stream().filter(id -> !ended.contains(id)).toList());
        long deadline = since + BOUND.toNanos();
        while (!open.isEmpty() && System.nanoTime() < deadline) {
            open.removeIf(id -> {
                String state = stateOf(stack, id);
                boolean terminal = state != null && List.of("SUCCEEDED", "FAILED", "CANCELLED").contains(state);
                if (terminal) {
                    ended.add(id);
                    states.put(id, state);
                }
                return terminal;
            });
            if (!open.isEmpty()) {
                Thread.sleep(250);
            }
        }
        return open;
    }

    /** Processes in the sandboxes of ended jobs, after a grace for kills in flight. */
    static List<String> orphans(List<String> due, Set<String> ended) throws InterruptedException {
        List<String> found = new ArrayList<>();
        long deadline = System.nanoTime() + 10_000_000_000L;
        for (String id : due) {
            if (!ended.contains(id)) {
                continue;
            }
            while (!Invariants.orphans(sandboxes, id).isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            List<Long> left = Invariants.orphans(sandboxes, id);
            if (!left.isEmpty()) {
                found.add("job " + id + " ended but processes " + left + " still run in its sandbox");
            }
        }
        return found;
    }

    static String stateOf(LocalStack stack, String id) {
        for (ServiceProcess api : stack.instances("job-api")) {
            try {
                HttpResponse<String> response = JobStream.HTTP.send(HttpRequest.newBuilder(
                                URI.create(api.url() + "/api/v1/jobs/" + id)).timeout(Duration.ofSeconds(5))
                        .header("Authorization", "Bearer " + stack.adminToken()).build(),
                        HttpResponse.BodyHandlers.ofString());
                Matcher state = STATE.matcher(response.body());
                if (response.statusCode() == 200 && state.find()) {
                    return state.group(1);
                }
            } catch (IOException down) {
                // try the other instance
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return null;
    }

    static String smallJob() throws IOException {
        Path example = LocalStack.repositoryRoot().resolve("examples/ps-training");
        ObjectNode spec = (ObjectNode) new ObjectMapper().readTree(example.resolve("single-worker.json").toFile());
        spec.put("artifactUrl", example.resolve("train.py").toUri().toString());
        spec.put("entryPoint", "echo started >> starts.log && sleep 2");
        ((ObjectNode) spec.get("roles").get("worker")).put("cpus", 0.1).put("mem", 32);
        return spec.toString();
    }

    /** A one-task job holding the stack's only GPU for {@code seconds}, at {@code priority}. */
    static String gpuJob(int priority, int seconds) throws IOException {
        ObjectNode spec = (ObjectNode) new ObjectMapper().readTree(smallJob());
        spec.put("priority", priority);
        spec.put("gracePeriodSeconds", 2); // preempted: SIGTERM, SIGKILL 2 s later
        spec.put("entryPoint", "echo started >> starts.log && sleep " + seconds);
        spec.set("roles", new ObjectMapper().readTree("{\"gpu_worker\": {\"count\": 1, \"cpus\": 0.1, \"mem\": 32, \"gpus\": 1}}"));
        return spec.toString();
    }

    static String summarize(Map<String, String> states) {
        Map<String, Integer> counts = new HashMap<>();
        states.values().forEach(s -> counts.merge(s, 1, Integer::sum));
        return counts.toString();
    }
}
