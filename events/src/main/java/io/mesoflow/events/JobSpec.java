package io.mesoflow.events;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One revision of what a user asked to train, as it travels between services.
 *
 * @param roles role wire name (see {@link Role}) to its spec
 */
public record JobSpec(String name, String team, int priority, String artifactUrl, String entryPoint,
                      Map<String, Object> context, String outputDir, Map<String, RoleSpec> roles,
                      List<SecretRef> secrets, Map<String, String> labels, String successPolicy,
                      String failurePolicy, Integer backoffLimit, Long activeDeadlineSeconds,
                      boolean tensorboard) {
    public JobSpec {
        context = context == null ? Map.of() : context;
        roles = roles == null ? Map.of() : new LinkedHashMap<>(roles);
        secrets = secrets == null ? List.of() : List.copyOf(secrets);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        successPolicy = successPolicy == null ? "ChiefOnly" : successPolicy;
        failurePolicy = failurePolicy == null ? "task" : failurePolicy;
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
