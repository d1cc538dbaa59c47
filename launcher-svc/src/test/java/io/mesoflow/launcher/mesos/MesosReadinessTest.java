package io.mesoflow.launcher.mesos;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesoflow.events.LaunchSpec;
import io.mesoflow.events.Resources;
import io.mesoflow.events.TaskPlacement;
import java.util.List;
import java.util.Map;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Readiness on Mesos: a TCP health check on the served port, and {@code healthy} as {@code ready}. */
class MesosReadinessTest {
    static TaskPlacement task(String name, Integer... ports) {
        return new TaskPlacement(name, 0, "agent-1", "host-1", List.of("O-1"), new Resources(1, 256, 0, 0),
                List.of(ports), new LaunchSpec("http://a/x.zip", "python x.py", Map.of(), null, Map.of(), List.of()));
    }

    @Test
    void aServingRoleGetsATcpCheckOnItsFirstPortThatNeverKillsASlowServer() {
        Protos.HealthCheck check = MesosReadiness.healthCheck(task("ps-0", 31001, 31002)).orElseThrow();

        assertThat(check.getType()).isEqualTo(Protos.HealthCheck.Type.TCP);
        assertThat(check.getTcp().getPort()).isEqualTo(31001);
        assertThat(check.getGracePeriodSeconds()).isGreaterThanOrEqualTo(3600);
        assertThat(check.getConsecutiveFailures()).isGreaterThanOrEqualTo(100_000);
        assertThat(check.getIntervalSeconds()).isBetween(1.0, 5.0);
        assertThat(check.getTimeoutSeconds()).isGreaterThanOrEqualTo(5);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"evaluator-0", "not-a-task"})
    void otherRolesAndTasksWithoutPortsGetNone(String name) {
        assertThat(MesosReadiness.healthCheck(task(name, 31001))).isEmpty();
        assertThat(MesosReadiness.healthCheck(task("worker-0"))).isEmpty();
    }

    @Test
    void theCheckIsPartOfTheTaskInfo() {
        Protos.TaskInfo info = MesosCalls.taskInfo("job-1", task("chief-0", 31005), "ml", List.of(), "mesoflow");

        assertThat(info.getHealthCheck().getTcp().getPort()).isEqualTo(31005);
        assertThat(MesosCalls.taskInfo("job-1", task("evaluator-0", 31006), "ml", List.of(), "mesoflow")
                .hasHealthCheck()).isFalse();
    }

    /** healthy: "-" when absent. */
    @ParameterizedTest(name = "{0} {1} healthy={2} task {3} -> ready {4}")
    @CsvSource({
            "TASK_RUNNING, ,                                        -,     ps-0,        false",
            "TASK_RUNNING, REASON_TASK_HEALTH_CHECK_STATUS_UPDATED, true,  ps-0,        true",
            "TASK_RUNNING, REASON_TASK_HEALTH_CHECK_STATUS_UPDATED, false, ps-0,        false",
            "TASK_RUNNING, REASON_RECONCILIATION,                   true,  ps-0,        true",
            "TASK_RUNNING, REASON_RECONCILIATION,                   -,     ps-0,        ",
            "TASK_RUNNING, ,                                        -,     evaluator-0, ",
            "TASK_RUNNING, ,                                        -,     -,           ",
            "TASK_STARTING, ,                                       -,     ps-0,        ",
            "TASK_FAILED, REASON_COMMAND_EXECUTOR_FAILED,           false, ps-0,        ",
    })
    void healthyBecomesReady(TaskState state, Reason reason, String healthy, String name, Boolean ready) {
        Protos.TaskStatus.Builder status = Protos.TaskStatus.newBuilder().setState(state)
                .setTaskId(Protos.TaskID.newBuilder().setValue("job-1.ps-0.0"));
        if (reason != null) {
            status.setReason(reason);
        }
        if (!healthy.equals("-")) {
            status.setHealthy(Boolean.parseBoolean(healthy));
        }

        assertThat(MesosReadiness.ready(status.build(), name.equals("-") ? null : task(name, 31001))).isEqualTo(ready);
    }

    @ParameterizedTest(name = "{0} healthy={1} -> published {2}")
    @CsvSource({
            "REASON_TASK_HEALTH_CHECK_STATUS_UPDATED, true,  true",
            "REASON_TASK_HEALTH_CHECK_STATUS_UPDATED, false, false",
            "REASON_RECONCILIATION,                   false, true",
            ",                                        ,      true",
    })
    void aHealthChecksUnhealthyUpdatesAreNotPublished(Reason reason, Boolean healthy, boolean published) {
        Protos.TaskStatus.Builder status = Protos.TaskStatus.newBuilder().setState(TaskState.TASK_RUNNING)
                .setTaskId(Protos.TaskID.newBuilder().setValue("job-1.ps-0.0"));
        if (reason != null) {
            status.setReason(reason);
        }
        if (healthy != null) {
            status.setHealthy(healthy);
        }

        assertThat(MesosReadiness.published(status.build())).isEqualTo(published);
    }

    @Test
    void aHealthUpdateBecomesARunningStatusThatIsReadyWithAMessage() {
        Protos.TaskStatus status = Protos.TaskStatus.newBuilder().setState(TaskState.TASK_RUNNING)
                .setTaskId(Protos.TaskID.newBuilder().setValue("job-1.ps-0.0"))
                .setAgentId(Protos.AgentID.newBuilder().setValue("agent-1"))
                .setReason(Reason.REASON_TASK_HEALTH_CHECK_STATUS_UPDATED).setHealthy(true).build();

        var event = MesosTaskFacts.toEvent(status, "fw-1", task("ps-0", 31001), "agent-1", null);

        assertThat(event.state()).isEqualTo(io.mesoflow.events.TaskState.RUNNING);
        assertThat(event.ready()).isTrue();
        assertThat(event.message()).isEqualTo("ready: port 31001 accepts connections");
    }
}
