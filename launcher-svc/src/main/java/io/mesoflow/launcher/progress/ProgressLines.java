package io.mesoflow.launcher.progress;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The progress file ({@code progress.jsonl} in the task's sandbox, appended by
 * {@code examples/tools/mesoflow_progress.py}): one JSON object a line with {@code step}, optionally
 * {@code total_steps} and {@code time} (seconds since the epoch), and any numeric metrics (e.g.
 * {@code loss}). Parsed a chunk at a time: only whole lines count, a partial last line is left for the
 * next read; a line that is no such object is skipped.
 */
public final class ProgressLines {
    public static final String FILE = "progress.jsonl";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One line: its step, the total it names (null: none), its time (null: none) and its metrics. */
    public record Line(long step, Long totalSteps, Instant time, Map<String, Double> metrics) {
    }

    /** The whole lines of a chunk and how many bytes of it they take (the next read starts after them). */
    public record Parsed(List<Line> lines, long consumedBytes) {
    }

    private ProgressLines() {
    }

    public static Parsed parse(String chunk) {
        int end = chunk.lastIndexOf('\n');
        if (end < 0) {
            return new Parsed(List.of(), 0);
        }
        String whole = chunk.substring(0, end + 1);
        List<Line> lines = new ArrayList<>();
        for (String text : whole.split("\n")) {
            Line line = line(text.trim());
            if (line != null) {
                lines.add(line);
            }
        }
        return new Parsed(List.copyOf(lines), whole.getBytes(StandardCharsets.UTF_8).length);
    }

    static Line line(String text) {
        if (text.isEmpty()) {
            return null;
        }
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (java.io.IOException e) {
            return null;
        }
        if (node == null || !node.isObject() || !node.path("step").canConvertToLong() || !node.path("step").isNumber()) {
            return null;
        }
        Long total = node.path("total_steps").isNumber() && node.path("total_steps").asLong() > 0
                ? node.path("total_steps").asLong() : null;
        Instant time = node.path("time").isNumber()
                ? Instant.ofEpochMilli(Math.round(node.path("time").asDouble() * 1000)) : null;
        Map<String, Double> metrics = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String name = field.getKey();
            if (field.getValue().isNumber() && !name.equals("step") && !name.equals("total_steps")
                    && !name.equals("time") && Double.isFinite(field.getValue().asDouble())) {
                metrics.put(name, field.getValue().asDouble());
            }
        }
        return new Line(node.path("step").asLong(), total, time, metrics);
    }
}
