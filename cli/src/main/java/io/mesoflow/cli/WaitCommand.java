package io.mesoflow.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mesoflow wait ID}: waits for the job to end, printing each change; the exit code says how it ended. */
@Command(name = "wait", description = "Wait until a job ends, showing its progress. Exit 0 when it SUCCEEDED, "
        + "1 FAILED, 6 CANCELLED, 5 on timeout.")
class WaitCommand extends JobCommand implements Callable<Integer> {
    @Option(names = "--timeout", defaultValue = "PT24H", description = "ISO-8601 duration (default ${DEFAULT-VALUE})")
    Duration timeout;

    @Override
    public Integer call() {
        int code = waitFor(client(), id, timeout, err(), parent.json);
        if (parent.json) {
            Output.json(out(), client().get("/api/v1/jobs/" + id));
        }
        return code;
    }

    /** Polls until the job ends; progress goes to {@code progress} (stderr), one line per change. */
    static int waitFor(ApiClient client, String id, Duration timeout, PrintWriter progress, boolean quiet) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = null;
        while (System.nanoTime() < deadline) {
            JsonNode job = client.get("/api/v1/jobs/" + id);
            String line = progressLine(job);
            if (!quiet && !Objects.equals(line, last)) {
                progress.println(line);
                last = line;
            }
            switch (job.path("state").asText()) {
                case "SUCCEEDED":
                    return ExitCodes.OK;
                case "FAILED":
                    return ExitCodes.JOB_FAILED;
                case "CANCELLED":
                    return ExitCodes.JOB_CANCELLED;
                default:
                    sleep();
            }
        }
        return ExitCodes.TIMEOUT;
    }

    /** e.g. {@code RUNNING  6 tasks: 6 RUNNING} or {@code QUEUED  (needs 4 gpus ...)}. */
    static boolean isEnded(String state) {
        return state.equals("SUCCEEDED") || state.equals("FAILED") || state.equals("CANCELLED");
    }

    static String progressLine(JsonNode job) {
        StringBuilder s = new StringBuilder(job.path("state").asText());
        java.util.Map<String, Integer> states = new java.util.TreeMap<>();
        for (JsonNode task : job.path("tasks")) {
            states.merge(task.path("state").asText(), 1, Integer::sum);
        }
        if (!states.isEmpty()) {
            s.append("  ").append(job.path("tasks").size()).append(" tasks:");
            states.forEach((state, n) -> s.append(' ').append(n).append(' ').append(state));
        }
        if (job.hasNonNull("reason")) {
            s.append("  (").append(job.get("reason").asText()).append(')');
        }
        return s.toString();
    }

    private static void sleep() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCodes.API_ERROR, "interrupted");
        }
    }
}
