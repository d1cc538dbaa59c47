package io.mesoflow.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesoflow.e2e.MesosStack;
import io.mesoflow.testing.LocalStack;
import io.mesoflow.testing.TaskProcesses;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A chaos round set on the Mesos backend: under a steady job stream, kill -9 and restart each
 * service in turn (the launcher first: it re-subscribes as the same framework and reconciles), and
 * crash the Kafka broker. After each round every job accepted before the fault ends, no attempt
 * started twice (counted from the {@code starts.log} of its Mesos sandboxes, whatever the events
 * say) and no process is left in an ended job's sandboxes.
 */
class MesosChaosIT {
    static MesosStack mesos;

    @BeforeAll
    static void startTheSystem() {
        mesos = MesosStack.shared();
    }

    @Test
    void underKillsOfEveryServiceAndABrokerCrashOnMesosNoJobIsLostAndNoAttemptStartsTwice() throws Exception {
        LocalStack stack = mesos.stack;
        List<Fault> faults = new ArrayList<>();
        for (String service : List.of("launcher-svc", "placement-svc", "monitor-svc", "secrets-svc", "job-api")) {
            faults.add(new Fault("kill -9 " + service, () -> stack.killAndRestart(service)));
        }
        faults.add(new Fault("kill -9 and restart the Kafka broker", () -> {
            stack.kafka().kill();
            stack.kafka().restart();
        }));
        Set<String> ended = new HashSet<>();
        Map<String, String> states = new HashMap<>();
        List<String> violations = new ArrayList<>();
        try (JobStream stream = new JobStream(stack, ChaosSuiteIT.smallJob(), Duration.ofMillis(1000)).start()) {
            Thread.sleep(3_000);
            for (Fault fault : faults) {
                long injected = System.nanoTime();
                fault.inject().run();
                List<String> due = stream.acceptedBefore(injected);
                List<String> lost = ChaosSuiteIT.awaitEnded(stack, due, ended, states, injected);
                lost.forEach(id -> violations.add(fault.description() + ": job " + id + " did not end"));
                for (String id : due) {
                    startedTwice(id).forEach(t -> violations.add(fault.description() + ": " + t));
                    if (ended.contains(id) && !orphans(id).isEmpty()) {
                        violations.add(fault.description() + ": processes left in job " + id + ": " + orphans(id));
                    }
                }
                System.out.printf("[chaos-mesos] %s: %d jobs checked, converged in %d ms%n", fault.description(),
                        due.size(), (System.nanoTime() - injected) / 1_000_000);
            }
        }
        System.out.printf("[chaos-mesos] %d rounds, %d jobs ended %s, %d violations%n", faults.size(), ended.size(),
                ChaosSuiteIT.summarize(states), violations.size());
        assertThat(violations).isEmpty();
        assertThat(states.values()).as("every job of the stream succeeded").containsOnly("SUCCEEDED");
    }

    /** Task ids of the job whose entry point ran more than once, across all of their Mesos sandboxes. */
    static List<String> startedTwice(String jobId) {
        Map<String, Long> starts = new HashMap<>();
        for (Path sandbox : sandboxesOf(jobId)) {
            Path log = sandbox.resolve("starts.log");
            try {
                long lines = Files.exists(log) ? Files.readAllLines(log).stream().filter(l -> !l.isBlank()).count() : 0;
                starts.merge(sandbox.getFileName().toString(), lines, Long::sum);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return starts.entrySet().stream().filter(e -> e.getValue() > 1)
                .map(e -> e.getKey() + " started " + e.getValue() + " times").toList();
    }

    static List<Long> orphans(String jobId) {
        List<Long> pids = new ArrayList<>();
        sandboxesOf(jobId).forEach(s -> pids.addAll(TaskProcesses.runningIn(s)));
        return pids;
    }

    /** {@code <agents>/slaves/<agent>/frameworks/<fw>/executors/<e>/runs/<c>/tasks/<jobId>.<task>.<attempt>}. */
    static List<Path> sandboxesOf(String jobId) {
        if (!Files.isDirectory(mesos.agentsDir)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.find(mesos.agentsDir, 10, (p, a) -> a.isDirectory()
                && p.getFileName().toString().startsWith(jobId + ".") && p.getParent() != null
                && p.getParent().getFileName().toString().equals("tasks"))) {
            return dirs.toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
