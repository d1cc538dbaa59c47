package io.mesoflow.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mesoflow status ID}: a job, its queue place and start ETA or its training progress (bar, steps,
 * rate, finish ETA, checkpoint, main scalars, GPU-hour projection), and a line per task (state, whether it is ready, run time, address,
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
        boolean terminal = display().tty();
        while (true) {
            JsonNode job = client().get("/api/v1/jobs/" + id);
            PrintWriter out = out();
            if (watch && terminal) {
                out.print("\u001b[H\u001b[2J");
            }
            print(job, human -> table(human, job, display()));
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

    /**
     * The job's lines, its queue place or training progress under its state, and a table of its
     * tasks.
     */
    static void table(PrintWriter out, JsonNode job, Display display) {
        out.println(String.format("%s  %s  %s", Output.text(job, "id"), Output.text(job, "state"),
                job.hasNonNull("reason") ? "(" + Output.text(job, "reason") + ")" : "").stripTrailing());
        ProgressText.of(display).statusLines(job.path("state").asText(), Progress.of(job), StartEta.of(job),
                JsonFields.whole(job, "queuePosition")).forEach(out::println);
        out.printf("team: %s  revision: %s  run time: %s  gpu-hours: %s%n",
                Output.text(job, "team"), Output.text(job, "revision"),
                Durations.clock(job.path("runSeconds").isNumber() ? job.get("runSeconds").asLong() : null),
                job.path("gpuHours").isNumber() ? String.format("%.2f", job.get("gpuHours").asDouble()) : "-");
        out.printf("output: %s%n", Output.text(job, "outputDir"));
        if (job.hasNonNull("tensorboardUrl")) {
            out.printf("tensorboard: %s%n", Output.text(job, "tensorboardUrl"));
        }
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode task : job.path("tasks")) {
            rows.add(List.of(Output.text(task, "name"), Output.text(task, "attempt"), Output.text(task, "state"),
                    ready(task), Durations.clock(runSeconds(task)), Output.text(task, "address"),
                    Output.text(task, "exitCode"),
                    Output.text(task, task.hasNonNull("message") ? "message" : "reason")));
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
}
