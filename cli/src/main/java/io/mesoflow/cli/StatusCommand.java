package io.mesoflow.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mesoflow status ID}: a job and a line per task (state, whether it is ready, run time, address,
 * exit code, last message); {@code --json} prints the API's job as it is, each task's {@code tfConfig}
 * and {@code ready} included.
 */
@Command(name = "status", description = "Show a job and each of its tasks.")
class StatusCommand extends JobCommand implements Callable<Integer> {
    @Option(names = {"-w", "--watch"}, description = "refresh until the job ends")
    boolean watch;

    @Option(names = "--interval", defaultValue = "2", description = "seconds between refreshes (default ${DEFAULT-VALUE})")
    int interval;

    @Override
    public Integer call() throws InterruptedException {
        boolean terminal = System.console() != null;
        while (true) {
            JsonNode job = client().get("/api/v1/jobs/" + id);
            PrintWriter out = out();
            if (watch && terminal) {
                out.print("\u001b[H\u001b[2J");
            }
            print(job, human -> table(human, job));
            out.flush();
            if (!watch || WaitCommand.isEnded(job.path("state").asText())) {
                return ExitCodes.OK;
            }
            Thread.sleep(Math.max(1, interval) * 1000L);
            if (!terminal) {
                out.println();
            }
        }
    }

    /** The job's lines and a table of its tasks. */
    static void table(PrintWriter out, JsonNode job) {
        out.printf("%s  %s  %s%n", Output.text(job, "id"), Output.text(job, "state"),
                job.hasNonNull("reason") ? "(" + job.get("reason").asText() + ")" : "");
        out.printf("team: %s  revision: %s  queue position: %s  run time: %s  gpu-hours: %s%n",
                Output.text(job, "team"), Output.text(job, "revision"), Output.text(job, "queuePosition"),
                duration(job.path("runSeconds").isNumber() ? job.get("runSeconds").asLong() : null),
                job.path("gpuHours").isNumber() ? String.format("%.2f", job.get("gpuHours").asDouble()) : "-");
        out.printf("output: %s%n", Output.text(job, "outputDir"));
        if (job.hasNonNull("tensorboardUrl")) {
            out.printf("tensorboard: %s%n", job.get("tensorboardUrl").asText());
        }
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode task : job.path("tasks")) {
            rows.add(List.of(Output.text(task, "name"), Output.text(task, "attempt"), Output.text(task, "state"),
                    ready(task), duration(runSeconds(task)), Output.text(task, "address"),
                    Output.text(task, "exitCode"),
                    task.hasNonNull("message") ? task.get("message").asText() : Output.text(task, "reason")));
        }
        if (!rows.isEmpty()) {
            Output.table(out, List.of("TASK", "ATTEMPT", "STATE", "READY", "RUNNING FOR", "ADDRESS", "EXIT",
                    "LAST MESSAGE"), rows);
        }
    }

    /**
     * The READY column: {@code yes} once a running task's port accepts connections, {@code no} while it
     * does not yet, {@code -} where that is not known or does not apply (a task that serves no port,
     * or is not running).
     */
    static String ready(JsonNode task) {
        JsonNode ready = task.get("ready");
        return ready == null || !ready.isBoolean() ? "-" : ready.asBoolean() ? "yes" : "no";
    }

    static Long runSeconds(JsonNode task) {
        if (!task.hasNonNull("startedAt")) {
            return null;
        }
        java.time.Instant start = java.time.Instant.parse(task.get("startedAt").asText());
        java.time.Instant end = task.hasNonNull("endedAt") ? java.time.Instant.parse(task.get("endedAt").asText())
                : java.time.Instant.now();
        return java.time.Duration.between(start, end).toSeconds();
    }

    static String duration(Long seconds) {
        if (seconds == null) {
            return "-";
        }
        return seconds >= 3600 ? String.format("%dh%02dm%02ds", seconds / 3600, seconds / 60 % 60, seconds % 60)
                : seconds >= 60 ? String.format("%dm%02ds", seconds / 60, seconds % 60) : seconds + "s";
    }
}
