package io.mesoflow.api.spec;

import com.fasterxml.jackson.databind.JsonNode;
import io.mesoflow.events.Constraint;
import io.mesoflow.events.SecretRef;
import io.mesoflow.events.ShownText;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The list- and map-valued parts of a job spec: labels, secrets and constraints, each within {@link SpecLimits}. */
final class SpecLists {
    private SpecLists() {
    }

    static Map<String, String> labels(JsonFields job) {
        JsonNode node = job.object("labels", false);
        Map<String, String> labels = new LinkedHashMap<>();
        if (node == null) {
            return labels;
        }
        if (node.size() > SpecLimits.LABELS) {
            job.error("labels", "at most " + SpecLimits.LABELS + " labels (it has " + node.size() + ")");
            return labels;
        }
        node.fields().forEachRemaining(e -> {
            String key = e.getKey();
            String keyProblem = key.isEmpty() ? "a key must not be empty"
                    : SpecLimits.lineProblem(key, SpecLimits.LABEL_KEY_CHARS);
            if (keyProblem != null) {
                job.error("labels", "key '" + ShownText.of(key) + "': " + keyProblem);
            } else if (!e.getValue().isTextual()) {
                job.error("labels." + key, "must be a string");
            } else {
                String valueProblem = SpecLimits.lineProblem(e.getValue().asText(), SpecLimits.LABEL_VALUE_CHARS);
                if (valueProblem != null) {
                    job.error("labels." + key, valueProblem);
                } else {
                    labels.put(key, e.getValue().asText());
                }
            }
        });
        return labels;
    }

    /** A job may name only secrets under its team's path, {@code teams/<team>/}. */
    static List<SecretRef> secrets(JsonFields job, String team) {
        JsonNode node = job.array("secrets");
        List<SecretRef> secrets = new ArrayList<>();
        if (node == null) {
            return secrets;
        }
        if (node.size() > SpecLimits.SECRETS) {
            job.error("secrets", "at most " + SpecLimits.SECRETS + " secrets (it has " + node.size() + ")");
            return secrets;
        }
        for (int i = 0; i < node.size(); i++) {
            String path = "secrets[" + i + "]";
            JsonNode s = node.get(i);
            if (!s.isObject()) {
                job.error(path, "must be an object with source and env or file");
                continue;
            }
            JsonFields f = new JsonFields(s, job.path(path), job.errors());
            f.rejectUnknown(Set.of("source", "env", "file"));
            String source = f.string("source", true);
            String env = f.string("env", false);
            String file = f.string("file", false);
            String sourceProblem = source == null ? null : SpecLimits.lineProblem(source, SpecLimits.SECRET_SOURCE_CHARS);
            if (sourceProblem != null) {
                f.error("source", sourceProblem);
            } else if (source != null && !source.startsWith("vault:") && !source.startsWith("local:")) {
                f.error("source", "must start with vault: or local:");
            } else if (source != null && !source.substring(source.indexOf(':') + 1).startsWith("teams/" + team + "/")) {
                f.error("source", "'" + ShownText.of(source) + "' is not under teams/" + team + "/: a job may only "
                        + "name its own team's secrets");
            } else if (source != null && source.contains("..")) {
                f.error("source", "must not contain '..'");
            }
            if ((env == null) == (file == null)) {
                f.error("env", "exactly one of env and file must be set");
            } else if (env != null && !SpecLimits.SECRET_ENV.matcher(env).matches()) {
                f.error("env", "must be an environment variable name: 1-128 letters, digits and '_', not starting "
                        + "with a digit");
            } else if (file != null && fileProblem(file) != null) {
                f.error("file", fileProblem(file));
            }
            secrets.add(new SecretRef(source, env, file));
        }
        return secrets;
    }

    /** A secret file is written in the task's sandbox: a relative path that stays inside it. */
    static String fileProblem(String file) {
        String line = SpecLimits.lineProblem(file, SpecLimits.SECRET_FILE_CHARS);
        if (line != null) {
            return line;
        }
        if (file.isBlank() || file.startsWith("/") || file.endsWith("/")) {
            return "must be a relative file path in the task's sandbox";
        }
        for (String segment : file.split("/")) {
            if (segment.equals("..") || segment.equals(".") || segment.isEmpty()) {
                return "must be a relative file path in the task's sandbox, without '.', '..' or empty segments";
            }
        }
        return null;
    }

    /** The role's constraints; each invalid one is named by its index with {@link Constraint#problem}. */
    static List<Constraint> constraints(JsonFields f) {
        JsonNode node = f.array("constraints");
        List<Constraint> constraints = new ArrayList<>();
        if (node == null) {
            return constraints;
        }
        if (node.size() > SpecLimits.CONSTRAINTS) {
            f.error("constraints", "at most " + SpecLimits.CONSTRAINTS + " constraints per role (it has "
                    + node.size() + ")");
            return constraints;
        }
        for (int i = 0; i < node.size(); i++) {
            JsonNode c = node.get(i);
            String field = "constraints[" + i + "]";
            if (!c.isArray() || c.size() < 2 || c.size() > 3) {
                f.error(field, "must be [field, operator] or [field, operator, value]");
                continue;
            }
            List<String> parts = new ArrayList<>();
            String partProblem = null;
            for (JsonNode p : c) {
                String text = p.asText();
                String own = p.isTextual() || p.isNumber() ? SpecLimits.lineProblem(text, SpecLimits.CONSTRAINT_PART_CHARS)
                        : "must be a string or a number";
                partProblem = partProblem != null ? partProblem : own;
                parts.add(text);
            }
            String problem = partProblem != null ? "each part " + partProblem : Constraint.problem(parts);
            if (problem != null) {
                f.error(field, problem);
                continue;
            }
            constraints.add(Constraint.parse(parts));
        }
        return constraints;
    }
}
