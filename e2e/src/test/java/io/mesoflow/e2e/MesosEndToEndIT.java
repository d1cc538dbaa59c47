package io.mesoflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * All five services over real Kafka and PostgreSQL with the launcher on the Mesos backend, against
 * a simulated master whose three agents run the tasks as processes on their own loopback
 * addresses. The cases a real 1.11 master showed: a job spanning agents, a GPU agent whose GPU is
 * in use, restarts of placement and the launcher while offers are suppressed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MesosEndToEndIT {
    static MesosStack mesos;

    /** The jobs of this class (the stack is shared with the Mesos chaos rounds, whose kills may refuse launches). */
    static final Set<String> JOBS = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /**
     * The jobs submitted right after placement or the launcher restarted. An offer outstanding at a
     * restart may already be gone when it is used (a re-subscribed framework's old offers are
     * rescinded by the master); such a launch is refused, re-placed and not counted against the
     * job's backoff limit: these jobs must still succeed, but may see one refusal.
     */
    static final Set<String> AFTER_RESTART = java.util.concurrent.ConcurrentHashMap.newKeySet();

    @BeforeAll
    static void startTheSystem() {
        mesos = MesosStack.shared();
    }

    @Test
    @Order(1)
    void theSixTaskExampleSpansTwoAgentsWithOneAcceptPerAgentAndShowsAddressesLogsAndUsage() throws Exception {
        String id = submit(Jobs.example("multi-worker.json"));

        JsonPath job = Jobs.awaitEnd(mesos.stack, id, Duration.ofSeconds(180));

        assertThat(job.getString("state")).as("job %s: %s", id, job.getString("reason")).isEqualTo("SUCCEEDED");
        JsonNode attempts = Jobs.attempts(mesos.stack, id);
        assertThat(attempts).extracting(a -> a.get("name").asText())
                .containsExactlyInAnyOrder("chief-0", "ps-0", "ps-1", "worker-0", "worker-1", "worker-2");
        Set<String> hosts = new HashSet<>();
        for (JsonNode a : attempts) {
            assertThat(a.get("attempt").asInt()).as("never relaunched: %s", a).isZero();
            assertThat(a.get("address").asText()).as(a.toString()).matches("127\\.0\\.0\\.[23]:26\\d\\d\\d");
            assertThat(a.get("agentId").asText()).as(a.toString()).isIn("cpu-1", "cpu-2");
            hosts.add(a.get("address").asText().split(":")[0]);
        }
        assertThat(hosts).as("the job spans both CPU agents").hasSize(2);
        assertThat(mesos.master.count(Call.Type.ACCEPT, c -> c.getAccept().getOperationsList().stream()
                .anyMatch(op -> op.getLaunchGroup().getTaskGroup().getTasks(0).getTaskId().getValue().startsWith(id))))
                .isEqualTo(2);
        assertThat(mesos.master.count(Call.Type.ACCEPT, c -> c.getAccept().getOfferIdsCount() == 0)).isZero();
        String log = Jobs.api(mesos.stack).get("/api/v1/jobs/" + id + "/tasks/chief-0/logs")
                .then().statusCode(200).extract().asString();
        assertThat(log).contains("[chief-0]");
        await().atMost(Duration.ofSeconds(30)).until(() -> Jobs.get(mesos.stack, id).getDouble("cpuHours") > 0);
    }

    @Test
    @Order(2)
    void whileTheGpuAgentsOnlyGpuIsInUseCpuTasksStillKeepAwayFromIt() throws Exception {
        ObjectNode gpuJob = Jobs.example("single-worker.json");
        gpuJob.put("entryPoint", "sleep 12");
        ((ObjectNode) gpuJob.get("roles")).putObject("gpu_worker").put("count", 1).put("cpus", 0.5).put("mem", 128)
                .put("gpus", 1);
        String gpuId = submit(gpuJob);
        Jobs.awaitState(mesos.stack, gpuId, Duration.ofSeconds(60), "RUNNING");
        await().atMost(Duration.ofSeconds(10)).until(() -> !mesos.gpu1.runningTasks().isEmpty());

        ObjectNode cpuJob = Jobs.example("single-worker.json");
        cpuJob.put("entryPoint", "sleep 1");
        ((ObjectNode) cpuJob.get("roles").get("worker")).put("count", 3).put("cpus", 0.2).put("mem", 128);
        String cpuId = submit(cpuJob);

        assertThat(Jobs.awaitEnd(mesos.stack, cpuId, Duration.ofSeconds(90)).getString("state")).isEqualTo("SUCCEEDED");
        assertThat(Jobs.attempts(mesos.stack, cpuId)).allSatisfy(a ->
                assertThat(a.get("agentId").asText()).as(a.toString()).isNotEqualTo("gpu-1"));
        JsonPath gpu = Jobs.awaitEnd(mesos.stack, gpuId, Duration.ofSeconds(90));
        assertThat(gpu.getString("state")).as(gpu.getString("reason")).isEqualTo("SUCCEEDED");
        assertThat(Jobs.attempts(mesos.stack, gpuId)).filteredOn(a -> a.get("name").asText().equals("gpu_worker-0"))
                .singleElement().satisfies(a -> assertThat(a.get("agentId").asText()).isEqualTo("gpu-1"));
        await().atMost(Duration.ofSeconds(30)).until(() -> Jobs.get(mesos.stack, gpuId).getDouble("gpuHours") > 0);
    }

    @Test
    @Order(3)
    void afterPlacementOrTheLauncherRestartsWhileOffersAreSuppressedNewWorkStillGetsOffers() throws Exception {
        awaitSuppressed();
        mesos.stack.killAndRestart("placement-svc");
        assertThat(runQuickJob()).isEqualTo("SUCCEEDED");

        awaitSuppressed();
        long subscriptions = mesos.master.count(Call.Type.SUBSCRIBE, c -> true);
        mesos.stack.killAndRestart("launcher-svc");
        await().atMost(Duration.ofSeconds(60)).until(() -> mesos.master.count(Call.Type.SUBSCRIBE, c -> true)
                > subscriptions);
        assertThat(mesos.master.last(Call.Type.SUBSCRIBE).getSubscribe().getSuppressedRolesList())
                .as("a re-subscription keeps the framework suppressed").containsExactly(MesosStack.ROLE);
        assertThat(mesos.master.suppressedRoles()).containsExactly(MesosStack.ROLE);
        assertThat(runQuickJob()).isEqualTo("SUCCEEDED");
    }

    @Test
    @Order(4)
    void noTaskWasEverLaunchedOnOffersOfSeveralAgentsOrLostToAnInvalidOffer() {
        List<Call> accepts = mesos.master.calls(Call.Type.ACCEPT);
        assertThat(accepts).isNotEmpty().allSatisfy(accept -> assertThat(accept.getAccept().getOperationsList().stream()
                .map(op -> op.getLaunchGroup().getTaskGroup().getTasks(0).getAgentId().getValue()).distinct().count())
                .isEqualTo(1));
        assertThat(mesos.master.updatesSent(s -> ours(s.getTaskId().getValue())
                && AFTER_RESTART.stream().noneMatch(job -> s.getTaskId().getValue().startsWith(job + "."))
                && s.getReason() == Protos.TaskStatus.Reason.REASON_INVALID_OFFERS)).isZero();
    }

    static void awaitSuppressed() {
        await().atMost(Duration.ofSeconds(60)).until(() -> mesos.master.suppressedRoles().contains(MesosStack.ROLE));
    }

    static String runQuickJob() throws Exception {
        ObjectNode spec = Jobs.example("single-worker.json");
        spec.put("entryPoint", "echo quick");
        String id = submit(spec);
        AFTER_RESTART.add(id);
        return Jobs.awaitEnd(mesos.stack, id, Duration.ofSeconds(60)).getString("state");
    }

    static String submit(JsonNode spec) {
        String id = Jobs.submit(mesos.stack, spec);
        JOBS.add(id);
        return id;
    }

    static boolean ours(String taskId) {
        return JOBS.stream().anyMatch(job -> taskId.startsWith(job + "."));
    }
}
