package io.mesoflow.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One revision of what a user asked to train, as it travels between services. A missing policy
 * becomes its enum's {@code DEFAULT}; a missing {@code backoffLimit} stays null on the wire and
 * means {@link #DEFAULT_BACKOFF_LIMIT} ({@link #effectiveBackoffLimit()}).
 *
 * @param roles          role wire name (see {@link Role}) to its spec
 * @param image          a container image every task runs in (Mesos containerizer), unless its role names one
 * @param python         Python packages the tasks run with; null: the agent's own interpreter
 * @param artifactSha256 the artifact's SHA-256 (hex); a fetched artifact that differs fails the task
 * @param gracePeriodSeconds on a suspend or preemption: SIGTERM and the notice to SIGKILL; null: the
 *                       cluster's default (monitor's {@code mesoflow.monitor.suspend.grace-period})
 */
public record JobSpec(String name, String team, int priority, String artifactUrl, String entryPoint,
                      Map<String, Object> context, String outputDir, Map<String, RoleSpec> roles,
                      List<SecretRef> secrets, Map<String, String> labels, SuccessPolicy successPolicy,
                      FailurePolicy failurePolicy, Integer backoffLimit, Long activeDeadlineSeconds,
                      boolean tensorboard, @JsonInclude(JsonInclude.Include.NON_NULL) String image,
                      @JsonInclude(JsonInclude.Include.NON_NULL) PythonEnvironment python,
                      @JsonInclude(JsonInclude.Include.NON_NULL) String artifactSha256,
                      @JsonInclude(JsonInclude.Include.NON_NULL) Long gracePeriodSeconds) {
    /** Relaunches a job may make when its spec does not say. */
    public static final int DEFAULT_BACKOFF_LIMIT = 6;

    public JobSpec {
        context = context == null ? Map.of() : context;
        roles = roles == null ? Map.of() : new LinkedHashMap<>(roles);
        secrets = secrets == null ? List.of() : List.copyOf(secrets);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        successPolicy = successPolicy == null ? SuccessPolicy.DEFAULT : successPolicy;
        failurePolicy = failurePolicy == null ? FailurePolicy.DEFAULT : failurePolicy;
    }

    /** A spec without an image, Python environment or artifact digest. */
    public JobSpec(String name, String team, int priority, String artifactUrl, String entryPoint,
                   Map<String, Object> context, String outputDir, Map<String, RoleSpec> roles,
                   List<SecretRef> secrets, Map<String, String> labels, SuccessPolicy successPolicy,
                   FailurePolicy failurePolicy, Integer backoffLimit, Long activeDeadlineSeconds,
                   boolean tensorboard) {
        this(name, team, priority, artifactUrl, entryPoint, context, outputDir, roles, secrets, labels, successPolicy,
                failurePolicy, backoffLimit, activeDeadlineSeconds, tensorboard, null, null, null, null);
    }

    /** A spec without its own suspend grace period. */
    public JobSpec(String name, String team, int priority, String artifactUrl, String entryPoint,
                   Map<String, Object> context, String outputDir, Map<String, RoleSpec> roles,
                   List<SecretRef> secrets, Map<String, String> labels, SuccessPolicy successPolicy,
                   FailurePolicy failurePolicy, Integer backoffLimit, Long activeDeadlineSeconds,
                   boolean tensorboard, String image, PythonEnvironment python, String artifactSha256) {
        this(name, team, priority, artifactUrl, entryPoint, context, outputDir, roles, secrets, labels, successPolicy,
                failurePolicy, backoffLimit, activeDeadlineSeconds, tensorboard, image, python, artifactSha256, null);
    }

    /** This spec writing to {@code newOutputDir}, every other field kept. */
    public JobSpec withOutputDir(String newOutputDir) {
        return new JobSpec(name, team, priority, artifactUrl, entryPoint, context, newOutputDir, roles, secrets, labels,
                successPolicy, failurePolicy, backoffLimit, activeDeadlineSeconds, tensorboard, image, python,
                artifactSha256, gracePeriodSeconds);
    }

    /** The image a task of {@code role} runs in: its role's, else the job's; null for none. */
    public String imageOf(Role role) {
        String own = role(role).image();
        return own != null ? own : image;
    }

    /** Relaunches of any task the job may make: {@code backoffLimit}, or the default. */
    public int effectiveBackoffLimit() {
        return backoffLimit == null ? DEFAULT_BACKOFF_LIMIT : backoffLimit;
    }

    /** The job context with the role's overriding keys: what a task of {@code role} gets. */
    public Map<String, Object> effectiveContext(Role role) {
        Map<String, Object> effective = new LinkedHashMap<>(context);
        effective.putAll(role(role).context());
        return effective;
    }

    /** The spec of {@code role}, or a zero-count spec when the job does not run that role. */
    public RoleSpec role(Role role) {
        RoleSpec spec = roles.get(role.wireName());
        return spec == null ? RoleSpec.of(0, 0, 0, 0) : spec;
    }
}
