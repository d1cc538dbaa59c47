package io.mesoflow.api.spec;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mesoflow.events.EventCodec;
import io.mesoflow.events.JobSpec;
import io.mesoflow.events.Role;
import io.mesoflow.events.RoleSpec;
import io.mesoflow.events.SecretRef;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads and validates a native job spec (the JSON users submit) into the {@link JobSpec} that
 * travels between services. Collects every invalid field before it fails; never throws anything
 * but {@link SpecValidationException}.
 */
public final class JobSpecParser {
    static final Set<String> JOB_FIELDS = Set.of("name", "team", "priority", "artifactUrl", "entryPoint", "context",
            "outputDir", "roles", "secrets", "labels", "successPolicy", "failurePolicy", "backoffLimit",
            "activeDeadlineSeconds", "tensorboard");
    static final Set<String> ROLE_FIELDS = Set.of("count", "cpus", "mem", "disk", "gpus", "context",
            "restartPolicy", "constraints");
    static final Set<String> SCHEMES = Set.of("file", "http", "https");
    static final Set<String> RESTART_POLICIES = Set.of("Always", "OnFailure", "ExitCode", "Never");
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9._-]{0,61}[a-z0-9])?");
    private static final ObjectMapper MAPPER = EventCodec.mapper();

    private final String defaultOutputRoot;

    /** @param defaultOutputRoot where a job without {@code outputDir} writes: {@code <root>/<jobId>} */
    public JobSpecParser(String defaultOutputRoot) {
        this.defaultOutputRoot = defaultOutputRoot;
    }

    public JobSpec parse(JsonNode body, String jobId) {
        List<FieldError> errors = new ArrayList<>();
        if (body == null || !body.isObject()) {
            throw new SpecValidationException(List.of(new FieldError("", "the job spec must be a JSON object")));
        }
        JsonFields job = new JsonFields(body, "", errors);
        job.rejectUnknown(JOB_FIELDS);
        String name = job.string("name", true);
        if (name != null && !NAME.matcher(name).matches()) {
            job.error("name", "must be 1-63 lowercase letters, digits, '.', '_' or '-', starting and ending "
                    + "with a letter or digit");
        }
        String team = job.string("team", false);
        Integer priority = job.integer("priority", -1000, 1000);
        String artifactUrl = job.string("artifactUrl", true);
        if (artifactUrl != null) {
            validateUrl(job, artifactUrl);
        }
        String entryPoint = job.string("entryPoint", true);
        Map<String, Object> context = map(job, "context");
        String outputDir = job.string("outputDir", false);
        Map<String, RoleSpec> roles = roles(job);
        List<SecretRef> secrets = secrets(job, team == null ? "default" : team);
        Map<String, String> labels = labels(job);
        String successPolicy = oneOf(job, "successPolicy", Set.of("ChiefOnly", "AllWorkers"));
        String failurePolicy = oneOf(job, "failurePolicy", Set.of("task", "gang"));
        Integer backoffLimit = job.integer("backoffLimit", 0, 10_000);
        Long deadline = job.longValue("activeDeadlineSeconds", 1, 365L * 24 * 3600);
        Boolean tensorboard = job.bool("tensorboard");
        if (!errors.isEmpty()) {
            throw new SpecValidationException(errors);
        }
        return new JobSpec(name, team == null ? "default" : team, priority == null ? 0 : priority, artifactUrl,
                entryPoint, context, outputDir == null ? defaultOutputRoot + "/" + jobId : outputDir, roles, secrets,
                labels, successPolicy, failurePolicy, backoffLimit == null ? 6 : backoffLimit, deadline,
                Boolean.TRUE.equals(tensorboard));
    }

    private static void validateUrl(JsonFields job, String url) {
        try {
            URI uri = new URI(url);
            if (uri.getScheme() == null || !SCHEMES.contains(uri.getScheme())) {
                job.error("artifactUrl", "must be a file://, http:// or https:// URL");
            } else if (uri.getPath() == null || uri.getPath().isEmpty() || uri.getPath().endsWith("/")) {
                job.error("artifactUrl", "must name a file (a .zip or a single script)");
            }
        } catch (java.net.URISyntaxException e) {
            job.error("artifactUrl", "is not a valid URL: " + e.getReason());
        }
    }

    private static Map<String, Object> map(JsonFields fields, String name) {
        JsonNode node = fields.object(name, false);
        return node == null ? Map.of() : MAPPER.convertValue(node, new TypeReference<LinkedHashMap<String, Object>>() {
        });
    }

    private static String oneOf(JsonFields fields, String name, Set<String> allowed) {
        String value = fields.string(name, false);
        if (value != null && !allowed.contains(value)) {
            fields.error(name, "must be one of " + allowed.stream().sorted().toList());
            return null;
        }
        return value;
    }

    private static Map<String, RoleSpec> roles(JsonFields job) {
        JsonNode rolesNode = job.object("roles", true);
        Map<String, RoleSpec> roles = new LinkedHashMap<>();
        if (rolesNode == null) {
            return roles;
        }
        JsonFields rolesFields = new JsonFields(rolesNode, job.path("roles"), errorsOf(job));
        rolesNode.fieldNames().forEachRemaining(roleName -> {
            if (!Role.isRole(roleName)) {
                rolesFields.error(roleName, "unknown role; roles are chief, ps, worker, gpu_worker, evaluator, tensorboard");
                return;
            }
            JsonNode roleNode = rolesFields.object(roleName, true);
            if (roleNode != null) {
                RoleSpec spec = role(Role.fromWireName(roleName), new JsonFields(roleNode, rolesFields.path(roleName),
                        errorsOf(job)));
                if (spec != null) {
                    roles.put(roleName, spec);
                }
            }
        });
        int trainers = count(roles, Role.CHIEF) + count(roles, Role.WORKER) + count(roles, Role.GPU_WORKER);
        if (trainers == 0 && errorsOf(job).isEmpty()) {
            job.error("roles", "needs at least one chief, worker or gpu_worker task");
        }
        return roles;
    }

    private static int count(Map<String, RoleSpec> roles, Role role) {
        RoleSpec spec = roles.get(role.wireName());
        return spec == null ? 0 : spec.count();
    }

    private static RoleSpec role(Role role, JsonFields f) {
        f.rejectUnknown(ROLE_FIELDS);
        int maxCount = role == Role.CHIEF || role == Role.EVALUATOR || role == Role.TENSORBOARD ? 1 : 1000;
        Integer count = f.integer("count", 0, maxCount);
        Double cpus = f.number("cpus", 0, 1024);
        Double mem = f.number("mem", 0, 4 * 1024 * 1024);
        Double disk = f.has("disk") ? f.number("disk", -1, 64 * 1024 * 1024) : null;
        Integer gpus = f.integer("gpus", 0, 64);
        if (role == Role.GPU_WORKER && gpus != null && gpus == 0) {
            f.error("gpus", "a gpu_worker needs at least 1 gpu");
        }
        Map<String, Object> context = map(f, "context");
        String restart = f.string("restartPolicy", false);
        if (restart != null && !RESTART_POLICIES.contains(restart)) {
            f.error("restartPolicy", "must be one of " + RESTART_POLICIES.stream().sorted().toList());
        }
        List<List<String>> constraints = constraints(f);
        int defaultGpus = role == Role.GPU_WORKER ? 1 : 0;
        return new RoleSpec(count == null ? (f.has("count") ? 0 : 1) : count, cpus == null ? 1 : cpus,
                mem == null ? 1024 : mem, disk == null ? 0 : disk, gpus == null ? defaultGpus : gpus, context,
                restart, constraints);
    }

    private static List<List<String>> constraints(JsonFields f) {
        JsonNode node = f.array("constraints");
        List<List<String>> constraints = new ArrayList<>();
        if (node == null) {
            return constraints;
        }
        for (int i = 0; i < node.size(); i++) {
            JsonNode c = node.get(i);
            List<String> parts = new ArrayList<>();
            if (!c.isArray() || c.size() < 2 || c.size() > 3) {
                f.error("constraints[" + i + "]", "must be [field, operator] or [field, operator, value]");
                continue;
            }
            c.forEach(p -> parts.add(p.asText()));
            String problem = constraintProblem(parts);
            if (problem != null) {
                f.error("constraints[" + i + "]", problem);
                continue;
            }
            constraints.add(parts);
        }
        return constraints;
    }

    /** What is wrong with a Marathon-style constraint (placement's Constraint enforces these), or null. */
    static String constraintProblem(List<String> parts) {
        String operator = parts.get(1).toUpperCase(java.util.Locale.ROOT);
        String value = parts.size() == 3 ? parts.get(2) : null;
        switch (operator) {
            case "UNIQUE", "CLUSTER", "GROUP_BY":
                return null;
            case "LIKE", "UNLIKE":
                if (value == null) {
                    return operator + " needs a regular expression";
                }
                try {
                    java.util.regex.Pattern.compile(value);
                    return null;
                } catch (java.util.regex.PatternSyntaxException e) {
                    return "'" + value + "' is not a regular expression: " + e.getDescription();
                }
            case "MAX_PER":
                return value != null && value.matches("[1-9][0-9]{0,5}") ? null
                        : "MAX_PER needs a whole number of at least 1";
            default:
                return "unknown operator '" + parts.get(1) + "'; use UNIQUE, CLUSTER, GROUP_BY, LIKE, UNLIKE or MAX_PER";
        }
    }

    /** A job may name only secrets under its team's path, {@code teams/<team>/}. */
    private static List<SecretRef> secrets(JsonFields job, String team) {
        JsonNode node = job.array("secrets");
        List<SecretRef> secrets = new ArrayList<>();
        if (node == null) {
            return secrets;
        }
        for (int i = 0; i < node.size(); i++) {
            String path = "secrets[" + i + "]";
            JsonNode s = node.get(i);
            if (!s.isObject()) {
                job.error(path, "must be an object with source and env or file");
                continue;
            }
            JsonFields f = new JsonFields(s, job.path(path), errorsOf(job));
            f.rejectUnknown(Set.of("source", "env", "file"));
            String source = f.string("source", true);
            String env = f.string("env", false);
            String file = f.string("file", false);
            if (source != null && !source.startsWith("vault:") && !source.startsWith("local:")) {
                f.error("source", "must start with vault: or local:");
            } else if (source != null && !source.substring(source.indexOf(':') + 1).startsWith("teams/" + team + "/")) {
                f.error("source", "'" + source + "' is not under teams/" + team + "/: a job may only name its own "
                        + "team's secrets");
            } else if (source != null && source.contains("..")) {
                f.error("source", "must not contain '..'");
            }
            if ((env == null) == (file == null)) {
                f.error("env", "exactly one of env and file must be set");
            }
            secrets.add(new SecretRef(source, env, file));
        }
        return secrets;
    }

    private static Map<String, String> labels(JsonFields job) {
        JsonNode node = job.object("labels", false);
        Map<String, String> labels = new LinkedHashMap<>();
        if (node == null) {
            return labels;
        }
        node.fields().forEachRemaining(e -> {
            if (!e.getValue().isTextual()) {
                job.error("labels." + e.getKey(), "must be a string");
            } else {
                labels.put(e.getKey(), e.getValue().asText());
            }
        });
        return labels;
    }

    private static List<FieldError> errorsOf(JsonFields fields) {
        return fields.errors();
    }
}
