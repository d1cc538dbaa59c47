package io.mesoflow.testing;

import io.mesoflow.events.Constraint;
import io.mesoflow.events.FailurePolicy;
import io.mesoflow.events.JobSpec;
import io.mesoflow.events.RestartPolicy;
import io.mesoflow.events.Role;
import io.mesoflow.events.RoleSpec;
import io.mesoflow.events.SecretRef;
import io.mesoflow.events.SuccessPolicy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Job specs for tests, every field defaulted, so a test names only what it is about instead of a
 * row of nulls: {@code JobSpecs.builder().role(Role.WORKER, 2).backoffLimit(1).build()}. Without
 * a role the job runs one worker.
 */
public final class JobSpecs {
    private JobSpecs() {
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A role's spec: {@code count} tasks of 1 cpu and 256 MiB each, no disk, no GPU. */
    public static RoleBuilder role(int count) {
        return new RoleBuilder(count);
    }

    public static final class Builder {
        private String name = "train";
        private String team = "default";
        private int priority;
        private String artifactUrl = "file:///train.py";
        private String entryPoint = "python3 train.py";
        private Map<String, Object> context = Map.of();
        private String outputDir = "/out";
        private final Map<String, RoleSpec> roles = new LinkedHashMap<>();
        private List<SecretRef> secrets = List.of();
        private Map<String, String> labels = Map.of();
        private SuccessPolicy successPolicy = SuccessPolicy.DEFAULT;
        private FailurePolicy failurePolicy = FailurePolicy.DEFAULT;
        private Integer backoffLimit;
        private Long activeDeadlineSeconds;
        private boolean tensorboard;

        private Builder() {
        }

        public Builder name(String value) {
            name = value;
            return this;
        }

        public Builder team(String value) {
            team = value;
            return this;
        }

        public Builder priority(int value) {
            priority = value;
            return this;
        }

        public Builder artifactUrl(String value) {
            artifactUrl = value;
            return this;
        }

        public Builder entryPoint(String value) {
            entryPoint = value;
            return this;
        }

        public Builder context(Map<String, Object> value) {
            context = value;
            return this;
        }

        public Builder outputDir(String value) {
            outputDir = value;
            return this;
        }

        /** {@code count} tasks of {@code role} with the default resources (and the GPUs the role needs). */
        public Builder role(Role role, int count) {
            return role(role, JobSpecs.role(count).gpus(role.minGpus()));
        }

        public Builder role(Role role, RoleBuilder spec) {
            return role(role, spec.build());
        }

        public Builder role(Role role, RoleSpec spec) {
            roles.put(role.wireName(), spec);
            return this;
        }

        public Builder secrets(List<SecretRef> value) {
            secrets = value;
            return this;
        }

        public Builder labels(Map<String, String> value) {
            labels = value;
            return this;
        }

        public Builder successPolicy(SuccessPolicy value) {
            successPolicy = value;
            return this;
        }

        public Builder failurePolicy(FailurePolicy value) {
            failurePolicy = value;
            return this;
        }

        public Builder backoffLimit(Integer value) {
            backoffLimit = value;
            return this;
        }

        public Builder activeDeadlineSeconds(Long value) {
            activeDeadlineSeconds = value;
            return this;
        }

        public Builder tensorboard(boolean value) {
            tensorboard = value;
            return this;
        }

        public JobSpec build() {
            Map<String, RoleSpec> jobRoles = roles.isEmpty()
                    ? Map.of(Role.WORKER.wireName(), JobSpecs.role(1).build()) : roles;
            return new JobSpec(name, team, priority, artifactUrl, entryPoint, context, outputDir, jobRoles, secrets,
                    labels, successPolicy, failurePolicy, backoffLimit, activeDeadlineSeconds, tensorboard);
        }
    }

    public static final class RoleBuilder {
        private final int count;
        private double cpus = 1;
        private double memMb = 256;
        private double diskMb;
        private int gpus;
        private Map<String, Object> context = Map.of();
        private RestartPolicy restartPolicy = RestartPolicy.DEFAULT;
        private final List<Constraint> constraints = new ArrayList<>();

        private RoleBuilder(int count) {
            this.count = count;
        }

        public RoleBuilder cpus(double value) {
            cpus = value;
            return this;
        }

        public RoleBuilder memMb(double value) {
            memMb = value;
            return this;
        }

        public RoleBuilder diskMb(double value) {
            diskMb = value;
            return this;
        }

        public RoleBuilder gpus(int value) {
            gpus = value;
            return this;
        }

        public RoleBuilder context(Map<String, Object> value) {
            context = value;
            return this;
        }

        public RoleBuilder restartPolicy(RestartPolicy value) {
            restartPolicy = value;
            return this;
        }

        /** Adds a constraint in its wire form, e.g. {@code constraint("hostname", "UNIQUE")}. */
        public RoleBuilder constraint(String... parts) {
            constraints.add(Constraint.parse(List.of(parts)));
            return this;
        }

        public RoleSpec build() {
            return new RoleSpec(count, cpus, memMb, diskMb, gpus, context, restartPolicy, constraints);
        }
    }
}
