package io.mesoflow.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesoflow.events.Constraint;
import io.mesoflow.events.FailurePolicy;
import io.mesoflow.events.JobSpec;
import io.mesoflow.events.RestartPolicy;
import io.mesoflow.events.Role;
import io.mesoflow.events.SuccessPolicy;
import io.mesoflow.events.TaskLayout;
import org.junit.jupiter.api.Test;

class JobSpecsTest {

    @Test
    void aBareSpecIsOneWorkerWithTheDefaultPolicies() {
        JobSpec spec = JobSpecs.builder().build();

        assertThat(TaskLayout.tasksOf(spec)).hasToString("[worker-0]");
        assertThat(spec.successPolicy()).isEqualTo(SuccessPolicy.DEFAULT);
        assertThat(spec.failurePolicy()).isEqualTo(FailurePolicy.DEFAULT);
        assertThat(spec.role(Role.WORKER).restartPolicy()).isEqualTo(RestartPolicy.DEFAULT);
        assertThat(spec.effectiveBackoffLimit()).isEqualTo(JobSpec.DEFAULT_BACKOFF_LIMIT);
        assertThat(spec.team()).isEqualTo("default");
    }

    @Test
    void rolesTakeTheirCountsResourcesAndConstraints() {
        JobSpec spec = JobSpecs.builder().role(Role.GPU_WORKER, 2)
                .role(Role.PS, JobSpecs.role(1).cpus(0.5).restartPolicy(RestartPolicy.NEVER)
                        .constraint("hostname", "UNIQUE"))
                .build();

        assertThat(spec.role(Role.GPU_WORKER).count()).isEqualTo(2);
        assertThat(spec.role(Role.GPU_WORKER).gpus()).as("a gpu_worker gets the GPU it needs").isEqualTo(1);
        assertThat(spec.role(Role.PS).cpus()).isEqualTo(0.5);
        assertThat(spec.role(Role.PS).restartPolicy()).isEqualTo(RestartPolicy.NEVER);
        assertThat(spec.role(Role.PS).constraints())
                .containsExactly(Constraint.of("hostname", Constraint.Operator.UNIQUE));
        assertThat(spec.role(Role.WORKER).count()).as("no default worker once roles are named").isZero();
    }
}
