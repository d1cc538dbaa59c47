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
            print(job, human -> {
                table(human, job, display());
                budgetNotice(job).ifPresent(notice -> human.println("budget: " + notice));
            });
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
        String suspension = suspension(job);
        if (suspension != null) {
            out.println(suspension);
        }
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
     * The job's suspension: while suspended {@code suspended by user alice: <reason> (1.50 GPU-hours
     * since checkpoint step 1200, grace 30s)}; after a resume the same as {@code last suspended ...};
     * null when never suspended.
     */
    static String suspension(JsonNode job) {
        JsonNode s = job.get("suspension");
        if (s == null || !s.isObject()) {
            return null;
        }
        StringBuilder line = new StringBuilder(s.hasNonNull("resumedAt") ? "last suspended by " : "suspended by ");
        line.append(Output.text(s, "cause"));
        if (s.hasNonNull("requestedBy")) {
            line.append(' ').append(Output.text(s, "requestedBy"));
        }
        if (s.hasNonNull("reason")) {
            line.append(": ").append(Output.text(s, "reason"));
        }
        List<String> cost = new ArrayList<>();
        if (s.path("gpuHoursSinceCheckpoint").isNumber()) {
            cost.add(String.format(java.util.Locale.ROOT, "%.2f GPU-hours since the last checkpoint",
                    s.get("gpuHoursSinceCheckpoint").asDouble()));
        } else {
            cost.add("work since the last checkpoint unknown");
        }
        if (s.path("checkpointStep").isNumber()) {
            cost.add("checkpoint step " + s.get("checkpointStep").asLong());
        }
        if (s.path("gracePeriodSeconds").isNumber()) {
            cost.add("grace " + s.get("gracePeriodSeconds").asLong() + "s");
        }
        line.append(" (").append(String.join(", ", cost)).append(')');
        return line.toString();
    }

    /** The team's budget notice (at or over the warning threshold), when the caller may read it. */
    java.util.Optional<String> budgetNotice(JsonNode job) {
        String team = job.path("team").asText("");
        if (team.isEmpty()) {
            return java.util.Optional.empty();
        }
        try {
            JsonNode hours = client().get("/api/v1/teams/" + team + "/gpu-hours");
            return hours.hasNonNull("notice") ? java.util.Optional.of(Output.text(hours, "notice"))
                    : java.util.Optional.empty();
        } catch (CliException e) {
            return java.util.Optional.empty();
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
