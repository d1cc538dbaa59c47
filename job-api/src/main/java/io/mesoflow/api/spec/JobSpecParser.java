package io.mesoflow.api.spec;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mesoflow.events.Constraint;
import io.mesoflow.events.EventCodec;
import io.mesoflow.events.FailurePolicy;
import io.mesoflow.events.JobSpec;
import io.mesoflow.events.RestartPolicy;
import io.mesoflow.events.Role;
import io.mesoflow.events.RoleSpec;
import io.mesoflow.events.SecretRef;
import io.mesoflow.events.ShownText;
import io.mesoflow.events.SuccessPolicy;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads and validates a native job spec (the JSON users submit) into the {@link JobSpec} that
 * travels between services. Collects every invalid field before it fails; never throws anything
 * but {@link SpecValidationException}.
 */
public final class JobSpecParser {
    static final Set<String> JOB_FIELDS = Set.of("name", "team", "priority", "artifactUrl", "entryPoint", "context",
            "outputDir", "roles", "secrets", "labels", "successPolicy", "failurePolicy", "backoffLimit",
            "activeDeadlineSeconds", "tensorboard", "image", "python", "artifactSha256", "gracePeriodSeconds");
    /** The longest suspend grace period a spec may ask for (a day). */
    public static final long MAX_GRACE_PERIOD_SECONDS = 86_400;
    static final Set<String> ROLE_FIELDS = Set.of("count", "cpus", "mem", "disk", "gpus", "context",
            "restartPolicy", "constraints", "image");
    static final Set<String> SCHEMES = Set.of("file", "http", "https");
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9._-]{0,61}[a-z0-9])?");
    private static final ObjectMapper MAPPER = EventCodec.mapper();

    private final Confinement confinement;
    private final boolean imagesAllowed;

    /** @param confinement where the job's team may write and which local artifacts it may read */
    public JobSpecParser(Confinement confinement) {
        this(confinement, true);
    }

    /** @param imagesAllowed whether tasks may name a container image (false where the backend has no runtime) */
    public JobSpecParser(Confinement confinement, boolean imagesAllowed) {
        this.confinement = confinement;
        this.imagesAllowed = imagesAllowed;
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
        Map<String, RoleSpec> roles = roles(job, imagesAllowed);
        List<SecretRef> secrets = SpecLists.secrets(job, team);
        Map<String, String> labels = SpecLists.labels(job);
        SuccessPolicy successPolicy = oneOf(job, "successPolicy", SuccessPolicy::find, SuccessPolicy.wireNames());
        FailurePolicy failurePolicy = oneOf(job, "failurePolicy", FailurePolicy::find, FailurePolicy.wireNames());
        Integer backoffLimit = job.integer("backoffLimit", 0, 10_000);
        Long deadline = job.longValue("activeDeadlineSeconds", 1, 365L * 24 * 3600);
        Boolean tensorboard = tensorboard(job, roles);
        String image = RuntimeFields.image(job, imagesAllowed);
        var python = RuntimeFields.python(job);
        String artifactSha256 = RuntimeFields.artifactSha256(job);
        Long gracePeriodSeconds = job.longValue("gracePeriodSeconds", 0, MAX_GRACE_PERIOD_SECONDS);
        if (!errors.isEmpty()) {
            throw new SpecValidationException(errors);
        }
        return new JobSpec(name, team, priority == null ? 0 : priority, artifactUrl, entryPoint, context,
                outputDir == null ? confinement.defaultOutputDir(team, jobId) : outputDir, roles, secrets,
                labels, successPolicy, failurePolicy,
                backoffLimit == null ? JobSpec.DEFAULT_BACKOFF_LIMIT : backoffLimit, deadline,
                Boolean.TRUE.equals(tensorboard), image, python, artifactSha256, gracePeriodSeconds);
    }

    /** {@code tensorboard: true} and a {@code roles.tensorboard} task mean the same: either one asks for it. */
    private static Boolean tensorboard(JsonFields job, Map<String, RoleSpec> roles) {
        Boolean flag = job.bool("tensorboard");
        RoleSpec role = roles.get(Role.TENSORBOARD.wireName());
        boolean roleAsks = role != null && role.count() > 0;
        if (Boolean.FALSE.equals(flag) && roleAsks) {
            job.error("tensorboard", "is false but roles.tensorboard asks for a TensorBoard task; leave one of them out");
        }
        return roleAsks || Boolean.TRUE.equals(flag);
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

    /** The policy field {@code name} spells, or null: missing, or unknown (recorded as an error). */
    private static <P> P oneOf(JsonFields fields, String name, Function<String, Optional<P>> find,
                               List<String> allowed) {
        String value = fields.string(name, false);
        Optional<P> policy = value == null ? Optional.empty() : find.apply(value);
        if (value != null && policy.isEmpty()) {
            fields.error(name, "must be one of " + allowed);
        }
        return policy.orElse(null);
    }

    private static Map<String, RoleSpec> roles(JsonFields job, boolean imagesAllowed) {
        JsonNode rolesNode = job.object("roles", true);
        Map<String, RoleSpec> roles = new LinkedHashMap<>();
        if (rolesNode == null) {
            return roles;
        }
        JsonFields rolesFields = new JsonFields(rolesNode, job.path("roles"), errorsOf(job));
        rolesNode.fieldNames().forEachRemaining(roleName -> {
            if (!Role.isRole(roleName)) {
                rolesFields.error(ShownText.of(roleName),
                        "unknown role; roles are chief, ps, worker, gpu_worker, evaluator, tensorboard");
                return;
            }
            JsonNode roleNode = rolesFields.object(roleName, true);
            if (roleNode != null) {
                RoleSpec spec = role(Role.fromWireName(roleName), new JsonFields(roleNode, rolesFields.path(roleName),
                        errorsOf(job)), imagesAllowed);
                if (spec != null) {
                    roles.put(roleName, spec);
                }
            }
        });
        int trainers = roles.entrySet().stream().filter(r -> Role.fromWireName(r.getKey()).isTrainer())
                .mapToInt(r -> r.getValue().count()).sum();
        if (trainers == 0 && errorsOf(job).isEmpty()) {
            job.error("roles", "needs at least one chief, worker or gpu_worker task");
        }
        return roles;
    }

    private static RoleSpec role(Role role, JsonFields f, boolean imagesAllowed) {
        f.rejectUnknown(ROLE_FIELDS);
        Integer count = f.integer("count", 0, role.maxCount());
        Double cpus = f.number("cpus", 0, 1024);
        Double mem = f.number("mem", 0, 4 * 1024 * 1024);
        Double disk = f.has("disk") ? f.number("disk", -1, 64 * 1024 * 1024) : null;
        Integer gpus = f.integer("gpus", 0, 64);
        if (gpus != null && gpus < role.minGpus()) {
            f.error("gpus", "a " + role.wireName() + " needs at least " + role.minGpus() + " gpu");
        }
        Map<String, Object> context = context(f);
        RestartPolicy restart = oneOf(f, "restartPolicy", RestartPolicy::find, RestartPolicy.wireNames());
        List<Constraint> constraints = SpecLists.constraints(f);
        return new RoleSpec(count == null ? (f.has("count") ? 0 : 1) : count, cpus == null ? 1 : cpus,
                mem == null ? 1024 : mem, disk == null ? 0 : disk, gpus == null ? role.minGpus() : gpus, context,
                restart, constraints, RuntimeFields.image(f, imagesAllowed));
    }

    private static List<FieldError> errorsOf(JsonFields fields) {
        return fields.errors();
    }
}
