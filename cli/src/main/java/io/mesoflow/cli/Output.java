package io.mesoflow.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** Human tables, or the API's JSON as it is. */
final class Output {
    private Output() {
    }

    static void json(PrintWriter out, JsonNode node) {
        try {
            out.println(ApiClient.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static void table(PrintWriter out, List<String> headers, List<List<String>> rows) {
        tableLines(headers, rows).forEach(out::println);
    }

    /** A table's lines: each column as wide as its widest cell plus two spaces, the last one as it is. */
    static List<String> tableLines(List<String> headers, List<List<String>> rows) {
        int[] widths = new int[headers.size()];
        List<List<String>> all = new ArrayList<>();
        all.add(headers);
        all.addAll(rows);
        for (List<String> row : all) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        List<String> lines = new ArrayList<>();
        for (List<String> row : all) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                line.append(i == row.size() - 1 ? row.get(i) : pad(row.get(i), widths[i] + 2));
            }
            lines.add(line.toString().stripTrailing());
        }
        return lines;
    }

    /** A cell: the field as text with control characters escaped ({@link TerminalText}), "-" when null. */
    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? "-" : TerminalText.clean(value.asText());
    }

    /** A line cut to fit {@code width} columns (one kept free so a terminal never wraps it), {@code ~} marking the cut. */
    static String fit(String line, int width) {
        int max = Math.max(10, width - 1);
        return line.length() <= max ? line : line.substring(0, max - 1) + "~";
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(Math.max(0, width - s.length()));
    }
}
