package io.mesoflow.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The rows of {@code mesoflow top}: running jobs (as {@code GET /api/v1/jobs} lists them) with their
 * progress, rate and finish ETA, then queued jobs (as {@code GET /api/v1/queue} lists them) by queue
 * position with their start ETA and what they wait for.
 */
final class TopTable {
    static final List<String> HEADERS = List.of("ID", "NAME", "TEAM", "STATE", "PROGRESS", "STEPS/S", "ETA",
            "REASON");
    static final int BAR_WIDTH = 12;

    private final ProgressText text;

    TopTable(ProgressText text) {
        this.text = text;
    }

    /**
     * @param jobs  live jobs; QUEUED ones are left to {@code queue}
     * @param queue queue items (or, from servers without {@code /queue}, QUEUED jobs with {@code queuePosition})
     * @param team  only this team's jobs; null: all the caller sees
     */
    List<List<String>> rows(JsonNode jobs, JsonNode queue, String team) {
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode job : jobs) {
            String state = job.path("state").asText();
            if (!state.equals("QUEUED") && !WaitCommand.isEnded(state) && ofTeam(job, team)) {
                rows.add(running(job));
            }
        }
        List<JsonNode> queued = new ArrayList<>();
        queue.forEach(item -> {
            if (ofTeam(item, team)) {
                queued.add(item);
            }
        });
        queued.sort(Comparator.comparing(TopTable::position, Comparator.nullsLast(Comparator.naturalOrder())));
        queued.forEach(item -> rows.add(queued(item)));
        return rows;
    }

    /** The line above a refreshed frame: {@code mesoflow top  10:42:05  2 running, 3 queued  (every 2s, Ctrl-C quits)}. */
    static String header(List<List<String>> rows, java.time.Instant now, java.time.ZoneId zone, int interval) {
        long queued = rows.stream().filter(r -> r.get(3).equals("QUEUED")).count();
        long suspended = rows.stream().filter(r -> r.get(3).startsWith("SUSPEND")).count();
        return "mesoflow top  " + java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss").format(now.atZone(zone))
                + "  " + (rows.size() - queued - suspended) + " running, "
                + (suspended > 0 ? suspended + " suspended, " : "") + queued + " queued  (every " + Math.max(1, interval)
                + "s, Ctrl-C quits)";
    }

    private List<String> running(JsonNode job) {
        if (job.path("state").asText().startsWith("SUSPEND")) {
            return suspended(job);
        }
        Progress p = Progress.of(job);
        String progress = "-";
        if (p != null) {
            String bar = text.bar(p, BAR_WIDTH);
            progress = bar.isEmpty() ? "step " + p.step() : bar + " " + NumberText.percent(p.done());
        }
        String rate = p == null || p.stepsPerSecond() == null ? "-" : NumberText.rate(p.stepsPerSecond());
        String eta = p == null ? "-" : text.finish(p);
        return List.of(Output.text(job, "id"), Output.text(job, "name"), Output.text(job, "team"),
                Output.text(job, "state"), progress, rate, eta, Output.text(job, "reason"));
    }

    /** A SUSPENDING or SUSPENDED job: by whom instead of progress, its step where known. */
    private static List<String> suspended(JsonNode job) {
        JsonNode s = job.path("suspension");
        String by = s.isObject() ? "by " + Output.text(s, "cause")
                + (s.hasNonNull("requestedBy") ? " " + Output.text(s, "requestedBy") : "") : "suspended";
        Progress p = Progress.of(job);
        return List.of(Output.text(job, "id"), Output.text(job, "name"), Output.text(job, "team"),
                Output.text(job, "state"), p == null ? by : by + ", step " + p.step(), "-", "-",
                Output.text(job, "reason"));
    }

    private List<String> queued(JsonNode item) {
        StartEta s = StartEta.of(item);
        Long position = position(item);
        String eta = s == null ? "-" : "start " + (s.eta() == null ? "unknown" : text.start(new StartEta(null,
                s.eta(), null)));
        Set<String> reasons = new LinkedHashSet<>();
        if (JsonFields.text(item, "reason") != null) {
            reasons.add(JsonFields.text(item, "reason"));
        }
        if (s != null && s.reason() != null) {
            reasons.add(s.reason());
        }
        return List.of(Output.text(item, "id"), Output.text(item, "name"), Output.text(item, "team"),
                Output.text(item, "state").equals("-") ? "QUEUED" : Output.text(item, "state"),
                position == null ? "queued" : "#" + position + " in queue", "-", eta,
                reasons.isEmpty() ? "-" : String.join("; ", reasons));
    }

    private static Long position(JsonNode item) {
        Long position = JsonFields.whole(item, "position");
        if (position == null) {
            position = JsonFields.whole(item, "queuePosition");
        }
        StartEta s = StartEta.of(item);
        return position != null || s == null ? position : s.position();
    }

    private static boolean ofTeam(JsonNode job, String team) {
        return team == null || team.equals(JsonFields.text(job, "team"));
    }
}
