package io.mesoflow.api.spec;

import io.mesoflow.events.JobSpec;
import io.mesoflow.events.Role;
import io.mesoflow.events.RoleSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Which live config changes a running job can take. A change may touch the job context and, per
 * role, count, resources and context. It may not touch anything else (artifact, entry point,
 * team, policies: submit a new job for those), and may not remove parameter servers (their
 * variables would be lost) or add or remove the chief or the evaluator.
 */
public final class ConfigChangeRules {
    private ConfigChangeRules() {
    }

    /** The reasons {@code after} cannot replace {@code before}; empty when it can. */
    public static List<FieldError> violations(JobSpec before, JobSpec after) {
        List<FieldError> errors = new ArrayList<>();
        same(errors, "name", before.name(), after.name());
        same(errors, "team", before.team(), after.team());
        same(errors, "artifactUrl", before.artifactUrl(), after.artifactUrl());
        same(errors, "entryPoint", before.entryPoint(), after.entryPoint());
        same(errors, "outputDir", before.outputDir(), after.outputDir());
        same(errors, "secrets", before.secrets(), after.secrets());
        same(errors, "successPolicy", before.successPolicy(), after.successPolicy());
        same(errors, "failurePolicy", before.failurePolicy(), after.failurePolicy());
        same(errors, "tensorboard", before.tensorboard(), after.tensorboard());
        int psBefore = before.role(Role.PS).count();
        int psAfter = after.role(Role.PS).count();
        if (psAfter < psBefore) {
            errors.add(new FieldError("roles.ps.count", "parameter servers cannot be removed from a running job "
                    + "(their variables would be lost): " + psBefore + " -> " + psAfter));
        }
        for (Role role : List.of(Role.CHIEF, Role.EVALUATOR)) {
            if (before.role(role).count() != after.role(role).count()) {
                errors.add(new FieldError("roles." + role.wireName() + ".count",
                        "the " + role.wireName() + " cannot be added or removed while the job runs"));
            }
        }
        for (Role role : Role.values()) {
            RoleSpec b = before.role(role);
            RoleSpec a = after.role(role);
            same(errors, "roles." + role.wireName() + ".restartPolicy", b.restartPolicy(), a.restartPolicy());
            same(errors, "roles." + role.wireName() + ".constraints", b.constraints(), a.constraints());
        }
        return errors;
    }

    private static void same(List<FieldError> errors, String field, Object before, Object after) {
        if (!Objects.equals(before, after)) {
            errors.add(new FieldError(field, "cannot be changed on a submitted job; only the job context and "
                    + "role counts, resources and context can"));
        }
    }
}
