package io.mesoflow.launcher.task;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The variables docs/job-spec.md promises a task (its "What a task gets" table), read from the doc. */
public record DocumentedVariables(List<Variable> variables) {
    private static final Path DOC = Path.of("../docs/job-spec.md");
    private static final Pattern ROW = Pattern.compile("^\\| `([A-Za-z0-9_<>]+)` \\| (.*) \\|$");

    /** A row: the name ({@code PORT<n>} stands for one per port) and whether a backend sets it its own way. */
    public record Variable(String name, boolean backendSpecific) {
    }

    public static DocumentedVariables read() throws IOException {
        List<String> lines = Files.readAllLines(DOC);
        int section = lines.indexOf("## What a task gets");
        if (section < 0) {
            throw new AssertionError("docs/job-spec.md has no section 'What a task gets'");
        }
        List<Variable> variables = new ArrayList<>();
        for (String line : lines.subList(section + 1, lines.size())) {
            if (line.startsWith("## ")) {
                break;
            }
            Matcher row = ROW.matcher(line);
            if (row.matches()) {
                variables.add(new Variable(row.group(1), row.group(2).contains("backend-specific")));
            }
        }
        if (variables.isEmpty()) {
            throw new AssertionError("docs/job-spec.md's 'What a task gets' has no table of variables");
        }
        return new DocumentedVariables(variables);
    }

    /** Every documented name for a task of {@code ports} ports; {@code backendSpecific}: those too. */
    public Set<String> names(int ports, boolean backendSpecific) {
        Set<String> names = new LinkedHashSet<>();
        for (Variable v : variables) {
            if (v.backendSpecific() && !backendSpecific) {
                continue;
            }
            if (v.name().equals("PORT<n>")) {
                for (int i = 0; i < ports; i++) {
                    names.add("PORT" + i);
                }
            } else {
                names.add(v.name());
            }
        }
        return names;
    }
}
