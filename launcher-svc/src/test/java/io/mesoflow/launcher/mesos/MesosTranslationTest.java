package io.mesoflow.launcher.mesos;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesoflow.events.LaunchSpec;
import io.mesoflow.events.OfferMade;
import io.mesoflow.events.PortRange;
import io.mesoflow.events.Resources;
import io.mesoflow.events.TaskPlacement;
import io.mesoflow.launcher.TeamUsers;
import io.mesoflow.events.TaskState;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Mesos v1 protobufs to MesoFlow's types and back: offers, task states, calls. */
class MesosTranslationTest {
    static Protos.Resource scalar(String name, double v) {
        return Protos.Resource.newBuilder().setName(name).setType(Protos.Value.Type.SCALAR)
                .setScalar(Protos.Value.Scalar.newBuilder().setValue(v)).build();
    }

    @Test
    void aGpuAgentsOfferBecomesOfferMadeWithPortRangesAndAttributes() {
        Protos.Offer offer = Protos.Offer.newBuilder()
                .setId(Protos.OfferID.newBuilder().setValue("o-1"))
                .setFrameworkId(Protos.FrameworkID.newBuilder().setValue("fw"))
                .setAgentId(Protos.AgentID.newBuilder().setValue("agent-7"))
                .setHostname("gpu7.cluster")
                .addResources(scalar("cpus", 32)).addResources(scalar("mem", 256_000)).addResources(scalar("disk", 900_000))
                .addResources(scalar("gpus", 8))
                .addResources(Protos.Resource.newBuilder().setName("ports").setType(Protos.Value.Type.RANGES)
                        .setRanges(Protos.Value.Ranges.newBuilder()
                                .addRange(Protos.Value.Range.newBuilder().setBegin(31000).setEnd(31999))
                                .addRange(Protos.Value.Range.newBuilder().setBegin(33000).setEnd(33009))))
                .addAttributes(Protos.Attribute.newBuilder().setName("gpu_type").setType(Protos.Value.Type.TEXT)
                        .setText(Protos.Value.Text.newBuilder().setValue("a100")))
                .addAttributes(Protos.Attribute.newBuilder().setName("rack").setType(Protos.Value.Type.SCALAR)
                        .setScalar(Protos.Value.Scalar.newBuilder().setValue(4)))
                .build();

        OfferMade made = OfferTranslator.toOfferMade(offer, Instant.EPOCH);

        assertThat(made).isEqualTo(new OfferMade("o-1", "agent-7", "gpu7.cluster", 32, 256_000, 900_000, 8,
                List.of(new PortRange(31000, 31999), new PortRange(33000, 33009)),
                Map.of("gpu_type", "a100", "rack", "4"), Instant.EPOCH));
    }

    static Stream<Arguments> statuses() {
        return Stream.of(
                Arguments.of(Protos.TaskState.TASK_RUNNING, null, null, TaskState.RUNNING, null),
                Arguments.of(Protos.TaskState.TASK_FINISHED, "Command exited with status 0", null, TaskState.FINISHED, 0),
                Arguments.of(Protos.TaskState.TASK_FAILED, "Command exited with status 3",
                        Protos.TaskStatus.Reason.REASON_COMMAND_EXECUTOR_FAILED, TaskState.FAILED, 3),
                Arguments.of(Protos.TaskState.TASK_FAILED, "Command terminated with signal Killed",
                        Protos.TaskStatus.Reason.REASON_CONTAINER_LIMITATION_MEMORY, TaskState.FAILED, 137),
                Arguments.of(Protos.TaskState.TASK_KILLED, "Command terminated with signal Terminated", null,
                        TaskState.KILLED, 143),
                Arguments.of(Protos.TaskState.TASK_LOST, "Agent removed", Protos.TaskStatus.Reason.REASON_AGENT_REMOVED,
                        TaskState.LOST, null),
                Arguments.of(Protos.TaskState.TASK_DROPPED, null, Protos.TaskStatus.Reason.REASON_INVALID_OFFERS,
                        TaskState.LOST, null),
                Arguments.of(Protos.TaskState.TASK_GONE, null, null, TaskState.LOST, null),
                Arguments.of(Protos.TaskState.TASK_ERROR, "Task group invalid",
                        Protos.TaskStatus.Reason.REASON_TASK_GROUP_INVALID, TaskState.ERROR, null));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("statuses")
    void mesosStatesMapToMesoflowStatesWithExitCodes(Protos.TaskState state, String message,
                                                     Protos.TaskStatus.Reason reason, TaskState expected, Integer exit) {
        Protos.TaskStatus.Builder status = Protos.TaskStatus.newBuilder()
                .setTaskId(Protos.TaskID.newBuilder().setValue("job-1.worker-0.0")).setState(state);
        if (message != null) {
            status.setMessage(message);
        }
        if (reason != null) {
            status.setReason(reason);
        }

        StatusMapping.Mapped mapped = StatusMapping.map(status.build());

        assertThat(mapped.state()).isEqualTo(expected);
        assertThat(mapped.exitCode()).isEqualTo(exit);
        assertThat(mapped.reason()).isEqualTo(reason == null ? null : reason.name());
    }

    @Test
    void everyMesosTaskStateHasAMapping() {
        for (Protos.TaskState state : Protos.TaskState.values()) {
            assertThat(StatusMapping.state(state)).as(state.name()).isNotNull();
        }
    }

    @Test
    void taskIdsCarryJobTaskAndAttempt() {
        assertThat(MesosTaskIds.parse("mnist-1a2b.worker-3.2")).isEqualTo(new MesosTaskIds("mnist-1a2b", "worker-3", 2));
        assertThat(MesosTaskIds.isMesoflow("marathon-app.123")).isFalse();
    }

    @Test
    void subscribeNamesTheFrameworkWithFailoverCheckpointAndGpuCapability() {
        Call call = MesosCalls.subscribe(new MesosCalls.Framework("mesoflow", "root", "ml", "mesoflow-principal",
                604_800, true), Optional.of("fw-1"));

        Protos.FrameworkInfo info = call.getSubscribe().getFrameworkInfo();
        assertThat(call.getType()).isEqualTo(Call.Type.SUBSCRIBE);
        assertThat(call.getFrameworkId().getValue()).isEqualTo("fw-1");
        assertThat(info.getId().getValue()).isEqualTo("fw-1");
        assertThat(info.getFailoverTimeout()).isEqualTo(604_800);
        assertThat(info.getCheckpoint()).isTrue();
        assertThat(info.getRolesList()).containsExactly("ml");
        assertThat(info.getPrincipal()).isEqualTo("mesoflow-principal");
        assertThat(info.getCapabilitiesList()).extracting(Protos.FrameworkInfo.Capability::getType)
                .contains(Protos.FrameworkInfo.Capability.Type.GPU_RESOURCES,
                        Protos.FrameworkInfo.Capability.Type.MULTI_ROLE);
    }

    @Test
    void acceptLaunchesEachTaskAsItsOwnGroupWithExactPortsEnvAndSecrets() {
        TaskPlacement task = new TaskPlacement("gpu_worker-0", 0, "agent-7", "gpu7.cluster", List.of("o-1", "o-2"),
                new Resources(4, 16_384, 0, 1), List.of(31005, 31006, 31010),
                new LaunchSpec("https://artifacts/train.zip", "python3 train.py", Map.of("lr", 0.1), "/out",
                        Map.of("TF_CONFIG", "{\"cluster\":{}}", "MESOFLOW_TASK", "gpu_worker-0"), List.of()));

        Call call = MesosCalls.accept("fw-1", "job-1", List.of(task), "ml", Map.of("gpu_worker-0", List.of(
                new MesosCalls.SecretValue("GCS_KEY", null, "k".getBytes()),
                new MesosCalls.SecretValue(null, "krb5.keytab", "t".getBytes()))), 5,
                new TeamUsers("mesoflow", Map.of()));

        assertThat(call.getType()).isEqualTo(Call.Type.ACCEPT);
        assertThat(call.getAccept().getOfferIdsList()).extracting(Protos.OfferID::getValue).containsExactly("o-1", "o-2");
        assertThat(call.getAccept().getFilters().getRefuseSeconds()).isEqualTo(5);
        Protos.Offer.Operation.LaunchGroup group = call.getAccept().getOperations(0).getLaunchGroup();
        assertThat(group.getExecutor().getType()).isEqualTo(Protos.ExecutorInfo.Type.DEFAULT);
        assertThat(group.getExecutor().getFrameworkId().getValue()).isEqualTo("fw-1");
        Protos.TaskInfo info = group.getTaskGroup().getTasks(0);
        assertThat(info.getTaskId().getValue()).isEqualTo("job-1.gpu_worker-0.0");
        assertThat(info.getResourcesList()).extracting(Protos.Resource::getName)
                .containsExactly("cpus", "mem", "gpus", "ports");
        assertThat(info.getResourcesList()).allSatisfy(r -> assertThat(r.getAllocationInfo().getRole()).isEqualTo("ml"));
        assertThat(info.getResources(3).getRanges().getRangeList())
                .extracting(Protos.Value.Range::getBegin, Protos.Value.Range::getEnd)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(31005L, 31006L),
                        org.assertj.core.groups.Tuple.tuple(31010L, 31010L));
        assertThat(info.getCommand().getUris(0).getExtract()).isTrue();
        assertThat(info.getCommand().getEnvironment().getVariablesList())
                .filteredOn(v -> v.getName().equals("TF_CONFIG")).singleElement()
                .satisfies(v -> assertThat(v.getValue()).isEqualTo("{\"cluster\":{}}"));
        assertThat(info.getCommand().getEnvironment().getVariablesList())
                .filteredOn(v -> v.getName().equals("GCS_KEY")).singleElement()
                .satisfies(v -> assertThat(v.getType()).isEqualTo(Protos.Environment.Variable.Type.SECRET));
        assertThat(info.getContainer().getVolumes(0).getSource().getType()).isEqualTo(Protos.Volume.Source.Type.SECRET);
        assertThat(info.getContainer().getVolumes(0).getContainerPath()).isEqualTo("krb5.keytab");
    }

    @Test
    void declineKillReconcileSuppressAndReviveNameTheFramework() {
        assertThat(MesosCalls.decline("fw-1", List.of("o-9"), 30).getDecline().getFilters().getRefuseSeconds())
                .isEqualTo(30);
        assertThat(MesosCalls.kill("fw-1", "job-1.ps-0.0", "agent-1").getKill().getTaskId().getValue())
                .isEqualTo("job-1.ps-0.0");
        assertThat(MesosCalls.reconcile("fw-1", Map.of()).getReconcile().getTasksCount()).isZero();
        assertThat(MesosCalls.reconcile("fw-1", Map.of("job-1.ps-0.0", "agent-1")).getReconcile().getTasks(0)
                .getAgentId().getValue()).isEqualTo("agent-1");
        assertThat(MesosCalls.suppress("fw-1", "ml").getSuppress().getRolesList()).containsExactly("ml");
        assertThat(MesosCalls.revive("fw-1", "ml").getRevive().getRolesList()).containsExactly("ml");
        assertThat(Stream.of(MesosCalls.teardown("fw-1"), MesosCalls.decline("fw-1", List.of(), 1)))
                .allSatisfy(c -> assertThat(c.getFrameworkId().getValue()).isEqualTo("fw-1"));
    }

    @Test
    void aKillWithAGracePeriodCarriesItAsKillPolicyInNanosecondsAndAPlainKillNone() {
        Protos.KillPolicy policy = MesosCalls.kill("fw-1", "job-1.chief-0.0", "agent-1", 30L).getKill().getKillPolicy();

        assertThat(policy.getGracePeriod().getNanoseconds()).isEqualTo(30_000_000_000L);
        assertThat(MesosCalls.kill("fw-1", "job-1.chief-0.0", "agent-1", 0L).getKill().getKillPolicy()
                .getGracePeriod().getNanoseconds()).isZero();
        assertThat(MesosCalls.kill("fw-1", "job-1.chief-0.0", "agent-1", null).getKill().hasKillPolicy()).isFalse();
        assertThat(MesosCalls.kill("fw-1", "job-1.chief-0.0", "agent-1").getKill().hasKillPolicy()).isFalse();
    }
}
