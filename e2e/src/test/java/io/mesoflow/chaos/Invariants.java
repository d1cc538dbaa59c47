package io.mesoflow.chaos;

import io.mesoflow.testing.TaskProcesses;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * What must hold after every round. Each task's entry point appends a line to {@code starts.log}
 * in its attempt's sandbox, so a task started twice for one attempt shows as two lines, whatever
 * the events say.
 */
final class Invariants {
    private Invariants() {
    }

    /** Attempts (sandbox directories) of a job whose entry point started more than once. */
    static List<String> startedTwice(Path sandboxes, String jobId) {
        List<String> twice = new ArrayList<>();
        Path job = sandboxes.resolve(jobId);
        if (!Files.isDirectory(job)) {
            return twice;
        }
        try (Stream<Path> logs = Files.walk(job, 3)) {
            for (Path log : logs.filter(p -> p.getFileName().toString().equals("starts.log")).toList()) {
                long starts = Files.readAllLines(log).stream().filter(l -> !l.isBlank()).count();
                if (starts > 1) {
                    twice.add(job.relativize(log.getParent()) + " started " + starts + " times");
                }
            }
        } catch (IOException e) {
            twice.add("cannot read the sandboxes of " + jobId + ": " + e.getMessage());
        }
        return twice;
    }

    /** Processes still running in the sandbox of a job that ended. */
    static List<Long> orphans(Path sandboxes, String jobId) {
        return TaskProcesses.runningIn(sandboxes.resolve(jobId));
    }
}
