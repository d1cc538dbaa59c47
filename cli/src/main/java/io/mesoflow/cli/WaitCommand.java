package io.mesoflow.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mesoflow wait ID}: waits for the job to end, printing each change; the exit code says how it ended. */
@Command(name = "wait", description = "Wait until a job ends, showing its progress (redrawn in place on a "
        + "terminal). Exit 0 when it SUCCEEDED, 1 FAILED, 6 CANCELLED, 9 SUSPENDED by a user (it waits for a "
        + "resume; a job suspended by preemption or its budget resumes by itself and wait goes on), 5 on timeout.")
class WaitCommand extends JobCommand implements Callable<Integer> {
    static final int LIVE_BAR_WIDTH = 20;

    @Option(names = "--timeout", defaultValue = "PT24H", description = "ISO-8601 duration (default ${DEFAULT-VALUE})")
    Duration timeout;

    @Option(names = "--progress-interval", defaultValue = "30", description = "when not on a terminal: seconds "
            + "between progress lines; a change of state prints at once (default ${DEFAULT-VALUE})")
    int progressInterval;

    @Override
    public Integer call() {
        int code = waitFor(client(), id, timeout, err(), parent.json, display(), Duration.ofSeconds(progressInterval));
        if (parent.json) {
            Output.json(out(), client().get("/api/v1/jobs/" + id));
        }
        return code;
    }

    /**
     * Polls until the job ends; its state and training progress go to {@code progress} (stderr):
     * one line redrawn in place on a terminal, else a line per change of state and a progress line
     * at most every {@code every}.
     */
    static int waitFor(ApiClient client, String id, Duration timeout, PrintWriter progress, boolean quiet,
                       Display display, Duration every) {
        long deadline = System.nanoTime() + timeout.toNanos();
        LiveLine line = new LiveLine(display.tty(), display.width(), every);
        try {
            while (System.nanoTime() < deadline) {
                JsonNode job = client.get("/api/v1/jobs/" + id);
                if (!quiet) {
                    progress.print(line.update(progressLine(job), liveProgress(job, display),
                            display.clock().instant()));
                    progress.flush();
                }
                switch (job.path("state").asText()) {
                    case "SUCCEEDED":
                        return ExitCodes.OK;
                    case "FAILED":
                        return ExitCodes.JOB_FAILED;
                    case "CANCELLED":
                        return ExitCodes.JOB_CANCELLED;
                    default:
                        if (waitsForAResume(job)) {
                            return ExitCodes.JOB_SUSPENDED;
                        }
                        sleep();
                }
            }
            return ExitCodes.TIMEOUT;
        } finally {
            progress.print(line.finish());
            progress.flush();
        }
    }

    /** SUSPENDED by a user: nothing happens until someone resumes it (other causes are re-queued by placement). */
    static boolean waitsForAResume(JsonNode job) {
        return job.path("state").asText().equals("SUSPENDED")
                && job.path("suspension").path("cause").asText().equals("user");
    }

    static boolean isEnded(String state) {
        return state.equals("SUCCEEDED") || state.equals("FAILED") || state.equals("CANCELLED");
    }

    /** The redrawn part: training progress (for an ended job, where it ended), or for a queued job its place and start ETA; "" when none. */
    static String liveProgress(JsonNode job, Display display) {
        Progress p = Progress.of(job);
        StartEta s = StartEta.of(job);
        ProgressText text = ProgressText.of(display);
        if (p != null) {
            return isEnded(job.path("state").asText()) ? text.ended(p, LIVE_BAR_WIDTH) : text.live(p, LIVE_BAR_WIDTH);
        }
        return s != null ? text.liveQueued(s) : "";
    }

    /** e.g. {@code RUNNING  6 tasks: 6 RUNNING} or {@code QUEUED  (needs 4 gpus ...)}. */
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
            s.append("  (").append(Output.text(job, "reason")).append(')');
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
