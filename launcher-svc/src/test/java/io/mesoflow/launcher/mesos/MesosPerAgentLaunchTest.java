package io.mesoflow.launcher.mesos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.mesoflow.events.LaunchSpec;
import io.mesoflow.events.Resources;
import io.mesoflow.events.SecretRef;
import io.mesoflow.events.TaskPlacement;
import io.mesoflow.events.TaskState;
import io.mesoflow.events.TaskStatusChanged;
import io.mesoflow.launcher.TeamUsers;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What the launcher sends and reports on Mesos for a job that spans agents: pure protocol, no I/O. */
class MesosPerAgentLaunchTest {
    static final TeamUsers USERS = new TeamUsers("mesoflow", Map.of("ml", "ml-user", "vision", "cv-user"));

    static TaskPlacement task(String name, String agent, String offer, int port, List<SecretRef> secrets) {
        return task(name, agent, offer, port, secrets, null);
    }

    static TaskPlacement task(String name, String agent, String offer, int port, List<SecretRef> secrets, String team) {
        return new TaskPlacement(name, 0, agent, agent + ".cluster", List.of(offer), new Resources(1, 1024, 0, 0),
                List.of(port), new LaunchSpec("https://a/t.zip", "python3 t.py", Map.of(), "/out",
                Map.of("TF_CONFIG", "{}"), secrets, team));
    }

    @ParameterizedTest(name = "team {0} runs as {1}")
    @CsvSource(nullValues = "none", value = {
        "ml,       ml-user",
        "vision,   cv-user",
        "default,  mesoflow",
        "finance,  mesoflow",
        "none,     mesoflow",
    })
    void eachTaskRunsAsItsTeamsUser(String team, String user) {
        Call accept = MesosCalls.accept("fw", "job", List.of(task("worker-0", "a1", "o1", 31000, List.of(), team)),
                "ml", Map.of(), 0, USERS);

        Protos.CommandInfo command = accept.getAccept().getOperations(0).getLaunchGroup().getTaskGroup().getTasks(0)
                .getCommand();
        assertThat(command.hasUser()).isTrue();
        assertThat(command.getUser()).isEqualTo(user);
    }

    @Test
    void tasksOfOneJobOnOneAgentEachNameTheUser() {
        Call accept = MesosCalls.accept("fw", "job", List.of(task("ps-0", "a1", "o1", 31000, List.of(), "ml"),
                task("worker-0", "a1", "o1", 31001, List.of(), "ml")), "ml", Map.of(), 0, USERS);

        assertThat(accept.getAccept().getOperationsList())
                .extracting(o -> o.getLaunchGroup().getTaskGroup().getTasks(0).getCommand().getUser())
                .containsExactly("ml-user", "ml-user");
    }

    @Test
    void aTaskWithoutAUserKeepsTheFrameworksUser() {
        assertThat(MesosCalls.taskInfo("job", task("worker-0", "a1", "o1", 31000, List.of()), "ml", List.of(), null)
                .getCommand().hasUser()).isFalse();
    }

    @Test
    void aJobOnThreeAgentsIsThreeAcceptsEachWithOnlyItsOwnAgentsOffers() {
        List<TaskPlacement> tasks = List.of(task("ps-0", "a1", "o1", 31000, List.of()),
                task("worker-0", "a2", "o2", 31000, List.of()), task("ps-1", "a1", "o1", 31001, List.of()),
                task("chief-0", "a3", "o3", 31000, List.of()));

        Map<String, List<TaskPlacement>> byAgent = MesosCalls.byAgent(tasks);

        assertThat(byAgent.keySet()).containsExactly("a1", "a2", "a3");
        assertThat(byAgent.get("a1")).extracting(TaskPlacement::taskName).containsExactly("ps-0", "ps-1");
        for (List<TaskPlacement> onAgent : byAgent.values()) {
            Call accept = MesosCalls.accept("fw", "job", onAgent, "ml", Map.of(), 0, USERS);
            assertThat(accept.getAccept().getOfferIdsList()).extracting(Protos.OfferID::getValue)
                    .containsExactlyElementsOf(onAgent.get(0).offerIds());
            assertThat(accept.getAccept().getOperationsList()).hasSize(onAgent.size());
            assertThat(accept.getAccept().getFilters().getRefuseSeconds()).isZero();
        }
    }

    @Test
    void anAcceptSpanningAgentsIsNeverBuilt() {
        assertThatThrownBy(() -> MesosCalls.accept("fw", "job", List.of(task("ps-0", "a1", "o1", 31000, List.of()),
                task("worker-0", "a2", "o2", 31000, List.of())), "ml", Map.of(), 0, USERS))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one agent");
    }

    @Test
    void aSuppressedFrameworkSubscribesWithItsRoleSuppressed() {
        MesosCalls.Framework framework = new MesosCalls.Framework("mesoflow", "nobody", "ml", null, 60, true);

        assertThat(MesosCalls.subscribe(framework, Optional.of("fw"), true).getSubscribe().getSuppressedRolesList())
                .containsExactly("ml");
        assertThat(MesosCalls.subscribe(framework, Optional.of("fw"), false).getSubscribe().getSuppressedRolesList())
                .isEmpty();
    }

    @Test
    void aTaskWithAFileSecretChecksTheFileBeforeItsEntryPoint() {
        TaskPlacement task = task("worker-0", "a1", "o1", 31000, List.of(new SecretRef("local:db", null, "secrets/db")));

        Protos.TaskInfo info = MesosCalls.taskInfo("job", task, "ml",
                List.of(new MesosCalls.SecretValue(null, "secrets/db", "v".getBytes())), "mesoflow");

        assertThat(info.getCommand().getValue())
                .startsWith("for f in 'secrets/db'; do [ -e \"$f\" ] || {")
                .contains("exit 78")
                .containsSubsequence("exit 78", "python3 t.py");
        assertThat(info.getContainer().getVolumesList()).singleElement()
                .satisfies(v -> assertThat(v.getContainerPath()).isEqualTo("secrets/db"));
    }

    @Test
    void aRunningUpdateCarriesTheTasksAddressResourcesSandboxAndAgentEndpoint() {
        TaskPlacement placement = task("worker-0", "a2", "o2", 31007, List.of());
        Protos.TaskStatus status = Protos.TaskStatus.newBuilder()
                .setTaskId(Protos.TaskID.newBuilder().setValue("job-1.worker-0.0"))
                .setAgentId(Protos.AgentID.newBuilder().setValue("a2"))
                .setState(Protos.TaskState.TASK_RUNNING).setUuid(ByteString.copyFromUtf8("u"))
                .setTimestamp(1_700_000_000.5).build();

        TaskStatusChanged event = MesosTaskFacts.toEvent(status, "fw-9", placement, "a2", "http://a2.cluster:5051");

        assertThat(event.state()).isEqualTo(TaskState.RUNNING);
        assertThat(event.hostname()).isEqualTo("a2.cluster");
        assertThat(event.ports()).containsExactly(31007);
        assertThat(event.resources()).isEqualTo(new Resources(1, 1024, 0, 0));
        assertThat(event.sandbox())
                .isEqualTo("/frameworks/fw-9/executors/job-1.worker-0.0.executor/runs/latest/tasks/job-1.worker-0.0");
        assertThat(event.agentUrl()).isEqualTo("http://a2.cluster:5051");
        assertThat(event.timestamp().toEpochMilli()).isEqualTo(1_700_000_000_500L);
    }

    @Test
    void aMissingSecretVolumeSaysWhichIsolatorTheAgentLacks() {
        TaskPlacement placement = task("worker-0", "a1", "o1", 31000, List.of(new SecretRef("local:db", null, "db")));
        Protos.TaskStatus failed = Protos.TaskStatus.newBuilder()
                .setTaskId(Protos.TaskID.newBuilder().setValue("job-1.worker-0.0"))
                .setState(Protos.TaskState.TASK_FAILED).setMessage("Command exited with status 78").build();

        TaskStatusChanged event = MesosTaskFacts.toEvent(failed, "fw", placement, "a1", null);

        assertThat(event.exitCode()).isEqualTo(78);
        assertThat(event.message()).contains("volume/secret isolator");
        assertThat(event.agentId()).isEqualTo("a1");
    }

    @Test
    void anOffersUrlIsTheAgentsEndpoint() {
        Protos.Offer offer = Protos.Offer.newBuilder().setId(Protos.OfferID.newBuilder().setValue("o"))
                .setFrameworkId(Protos.FrameworkID.newBuilder().setValue("fw"))
                .setAgentId(Protos.AgentID.newBuilder().setValue("a")).setHostname("h")
                .setUrl(Protos.URL.newBuilder().setScheme("http").setPath("/slave(1)")
                        .setAddress(Protos.Address.newBuilder().setHostname("agent7.cluster").setIp("10.0.0.7")
                                .setPort(5051)))
                .build();

        assertThat(MesosTaskFacts.agentUrl(offer)).isEqualTo("http://agent7.cluster:5051");
        assertThat(MesosTaskFacts.agentUrl(offer.toBuilder().clearUrl().build())).isNull();
    }
}
