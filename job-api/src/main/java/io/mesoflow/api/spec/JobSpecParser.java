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

    private final Confinement confinement;

    /** @param confinement where the job's team may write and which local artifacts it may read */
    public JobSpecParser(Confinement confinement) {
        this.confinement = confinement;
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
            job.error("name", "must be 1-" + SpecLimits.NAME_CHARS + " lowercase letters, digits, '.', '_' or '-', "
                    + "starting and ending with a letter or digit");
        }
        String team = job.string("team", false);
        boolean teamValid = team == null || SpecLimits.TEAM.matcher(team).matches();
        if (!teamValid) {
            job.error("team", SpecLimits.TEAM_RULE);
        }
        team = team == null ? "default" : team;
        Integer priority = job.integer("priority", -1000, 1000);
        String artifactUrl = artifactUrl(job, job.string("artifactUrl", true));
        String entryPoint = job.string("entryPoint", true);
        if (entryPoint != null) {
            String tooLong = SpecLimits.tooLong(entryPoint, SpecLimits.ENTRY_POINT_CHARS);
            check(job, "entryPoint", tooLong != null ? tooLong : SpecLimits.controlCharacter(entryPoint, true));
        }
        Map<String, Object> context = context(job);
        String outputDir = job.string("outputDir", false);
        if (outputDir != null && check(job, "outputDir", SpecLimits.lineProblem(outputDir, SpecLimits.OUTPUT_DIR_CHARS))
                && teamValid) {
            Confinement.Checked checked = confinement.outputDir(team, outputDir);
            check(job, "outputDir", checked.problem());
            outputDir = checked.value();
        }
        Map<String, RoleSpec> roles = roles(job);
        List<SecretRef> secrets = SpecLists.secrets(job, team);
        Map<String, String> labels = SpecLists.labels(job);
        String successPolicy = oneOf(job, "successPolicy", Set.of("ChiefOnly", "AllWorkers"));
        String failurePolicy = oneOf(job, "failurePolicy", Set.of("task", "gang"));
        Integer backoffLimit = job.integer("backoffLimit", 0, 10_000);
        Long deadline = job.longValue("activeDeadlineSeconds", 1, 365L * 24 * 3600);
        Boolean tensorboard = job.bool("tensorboard");
        if (!errors.isEmpty()) {
            throw new SpecValidationException(errors);
        }
        return new JobSpec(name, team, priority == null ? 0 : priority, artifactUrl, entryPoint, context,
                outputDir == null ? confinement.defaultOutputDir(team, jobId) : outputDir, roles, secrets,
                labels, successPolicy, failurePolicy, backoffLimit == null ? 6 : backoffLimit, deadline,
                Boolean.TRUE.equals(tensorboard));
    }

    /** Records {@code problem} (when not null) against {@code field}; true when there was none. */
    private static boolean check(JsonFields fields, String field, String problem) {
        if (problem != null) {
            fields.error(field, problem);
        }
        return problem == null;
    }

    /** The artifact URL as stored (a local file resolved), or null after recording why it is refused. */
    private String artifactUrl(JsonFields job, String url) {
        if (url == null || !check(job, "artifactUrl", SpecLimits.lineProblem(url, SpecLimits.ARTIFACT_URL_CHARS))) {
            return null;
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (java.net.URISyntaxException e) {
            job.error("artifactUrl", "is not a valid URL: " + e.getReason());
            return null;
        }
        if (uri.getScheme() == null || !SCHEMES.contains(uri.getScheme())) {
            job.error("artifactUrl", "must be a file://, http:// or https:// URL");
        } else if (uri.getPath() == null || uri.getPath().isEmpty() || uri.getPath().endsWith("/")) {
            job.error("artifactUrl", "must name a file (a .zip or a single script)");
        } else {
            Confinement.Checked checked = confinement.artifactUrl(uri);
            return check(job, "artifactUrl", checked.problem()) ? checked.value() : null;
        }
        return null;
    }

    /** The {@code context} of {@code fields} (a JSON object within the size and depth limits), or empty. */
    private static Map<String, Object> context(JsonFields fields) {
        JsonNode node = fields.object("context", false);
        if (node == null || !check(fields, "context", SpecLimits.contextProblem(node))) {
            return Map.of();
        }
        return MAPPER.convertValue(node, new TypeReference<LinkedHashMap<String, Object>>() {
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
                rolesFields.error(SpecLimits.shown(roleName),
                        "unknown role; roles are chief, ps, worker, gpu_worker, evaluator, tensorboard");
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
        Map<String, Object> context = context(f);
        String restart = f.string("restartPolicy", false);
        if (restart != null && !RESTART_POLICIES.contains(restart)) {
            f.error("restartPolicy", "must be one of " + RESTART_POLICIES.stream().sorted().toList());
        }
        List<List<String>> constraints = SpecLists.constraints(f);
        int defaultGpus = role == Role.GPU_WORKER ? 1 : 0;
        return new RoleSpec(count == null ? (f.has("count") ? 0 : 1) : count, cpus == null ? 1 : cpus,
                mem == null ? 1024 : mem, disk == null ? 0 : disk, gpus == null ? defaultGpus : gpus, context,
                restart, constraints);
    }

    private static List<FieldError> errorsOf(JsonFields fields) {
        return fields.errors();
    }
}
