package io.mesoflow.launcher.mesos;

import static io.mesoflow.launcher.mesos.MesosSimulatorResource.leader;
import static io.mesoflow.launcher.mesos.MesosSimulatorResource.master;
import static org.assertj.core.api.Assertions.assertThat;

import io.mesoflow.events.LaunchRequested;
import io.mesoflow.events.LaunchSpec;
import io.mesoflow.events.OfferMade;
import io.mesoflow.events.OfferRescinded;
import io.mesoflow.events.Resources;
import io.mesoflow.events.TaskPlacement;
import io.mesoflow.events.TaskState;
import io.mesoflow.events.TaskStatusChanged;
import io.mesoflow.events.Topics;
import io.mesoflow.testing.MesoflowTestResource;
import io.mesoflow.testing.TestTopics;
import io.mesoflow.testing.mesos.MesosMasterSimulator;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** The launcher on the Mesos backend against a simulated master, over real Kafka. Read as a script. */
@QuarkusTest
@WithTestResource(MesoflowTestResource.class)
@WithTestResource(MesosSimulatorResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MesosBackendIT {
    static final Duration WAIT = Duration.ofSeconds(30);
    static TestTopics topics;

    @jakarta.inject.Inject
    FrameworkIdStore frameworkIds;

    @jakarta.inject.Inject
    MesosBackend backend;

    @BeforeAll
    static void connect() {
        topics = TestTopics.forCurrentTest();
    }

    @AfterAll
    static void close() {
        topics.close();
    }

    static Protos.Resource scalar(String name, double v) {
        return Protos.Resource.newBuilder().setName(name).setType(Protos.Value.Type.SCALAR)
                .setAllocationInfo(Protos.Resource.AllocationInfo.newBuilder().setRole("ml"))
                .setScalar(Protos.Value.Scalar.newBuilder().setValue(v)).build();
    }

    static Protos.Offer offer(String id, String agent, int gpus) {
        return Protos.Offer.newBuilder().setId(Protos.OfferID.newBuilder().setValue(id))
                .setFrameworkId(Protos.FrameworkID.newBuilder().setValue("set-by-simulator"))
                .setAgentId(Protos.AgentID.newBuilder().setValue(agent)).setHostname(agent + ".cluster")
                .addResources(scalar("cpus", 32)).addResources(scalar("mem", 131_072)).addResources(scalar("disk", 100_000))
                .addResources(scalar("gpus", gpus))
                .addResources(Protos.Resource.newBuilder().setName("ports").setType(Protos.Value.Type.RANGES)
                        .setRanges(Protos.Value.Ranges.newBuilder().addRange(Protos.Value.Range.newBuilder()
                                .setBegin(31000).setEnd(31099))))
                .build();
    }

    static TaskPlacement task(String name, int port, int gpus, String offerId) {
        return new TaskPlacement(name, 0, "agent-g1", "agent-g1.cluster", List.of(offerId),
                new Resources(gpus > 0 ? 4 : 1, 2048, 0, gpus), List.of(port),
                new LaunchSpec("https://artifacts.example/train.zip", "python3 train.py", Map.of("lr", 0.1), "/out",
                        Map.of("TF_CONFIG", "{\"task\":\"" + name + "\"}", "MESOFLOW_TASK", name), List.of()));
    }

    @Test
    @Order(1)
    void subscribesAsAGpuFrameworkAndOffersBecomeOfferMade() {
        Call subscribe = master.awaitCall(Call.Type.SUBSCRIBE, c -> true, WAIT);
        assertThat(subscribe.getSubscribe().getFrameworkInfo().getCapabilitiesList())
                .extracting(Protos.FrameworkInfo.Capability::getType)
                .contains(Protos.FrameworkInfo.Capability.Type.GPU_RESOURCES);
        assertThat(subscribe.getSubscribe().getFrameworkInfo().getRolesList()).containsExactly("ml");

        master.offer(offer("offer-g1", "agent-g1", 8));

        OfferMade made = topics.await(Topics.OFFERS, OfferMade.class, o -> o.offerId().equals("offer-g1"), WAIT);
        assertThat(made.gpus()).isEqualTo(8);
        assertThat(made.hostname()).isEqualTo("agent-g1.cluster");
        // kept for the next launcher process, which subscribes again as the same framework
        assertThat(frameworkIds.load("mesoflow")).hasValue(master.frameworkId());
    }

    @Test
    @Order(2)
    void aJobOfTwoPsThreeWorkersAndAGpuWorkerIsAcceptedAsOneLaunchGroupPerTask() {
        List<TaskPlacement> tasks = new ArrayList<>();
        for (String name : List.of("ps-0", "ps-1", "worker-0", "worker-1", "worker-2")) {
            tasks.add(task(name, 31000 + tasks.size(), 0, "offer-g1"));
        }
        tasks.add(task("gpu_worker-0", 31010, 2, "offer-g1"));

        topics.send(Topics.LAUNCHES, new LaunchRequested("job-m", 1, tasks, List.of()));

        Call accept = master.awaitCall(Call.Type.ACCEPT, c -> true, WAIT);
        assertThat(accept.getAccept().getOfferIdsList()).extracting(Protos.OfferID::getValue).containsExactly("offer-g1");
        assertThat(accept.getAccept().getOperationsList()).hasSize(6).allSatisfy(op ->
                assertThat(op.getType()).isEqualTo(Protos.Offer.Operation.Type.LAUNCH_GROUP));
        Protos.TaskInfo gpu = accept.getAccept().getOperations(5).getLaunchGroup().getTaskGroup().getTasks(0);
        assertThat(gpu.getTaskId().getValue()).isEqualTo("job-m.gpu_worker-0.0");
        assertThat(gpu.getResourcesList()).filteredOn(r -> r.getName().equals("gpus")).singleElement()
                .satisfies(r -> assertThat(r.getScalar().getValue()).isEqualTo(2));
        assertThat(gpu.getResourcesList()).filteredOn(r -> r.getName().equals("ports")).singleElement()
                .satisfies(r -> assertThat(r.getRanges().getRange(0).getBegin()).isEqualTo(31010));
        assertThat(gpu.getCommand().getEnvironment().getVariablesList())
                .anySatisfy(v -> assertThat(v.getName() + "=" + v.getValue())
                        .isEqualTo("TF_CONFIG={\"task\":\"gpu_worker-0\"}"));
    }

    @Test
    @Order(3)
    void anUpdateIsReportedOnceAndAResendIsAcknowledgedAgain() {
        Protos.TaskStatus running = MesosMasterSimulator.status("job-m.worker-1.0", "agent-g1",
                Protos.TaskState.TASK_RUNNING, true);

        master.update(running);
        master.update(running);

        TaskStatusChanged status = topics.await(Topics.TASK_STATUS, TaskStatusChanged.class,
                s -> s.taskId().equals("job-m.worker-1.0") && s.state() == TaskState.RUNNING, WAIT);
        assertThat(status.agentId()).isEqualTo("agent-g1");
        // an agent resends an update only when no acknowledgement reached it: each copy is acknowledged
        master.awaitCall(Call.Type.ACKNOWLEDGE, c -> master.count(Call.Type.ACKNOWLEDGE,
                x -> x.getAcknowledge().getUuid().equals(running.getUuid())) == 2, WAIT);
        assertThat(topics.readUntil(Topics.TASK_STATUS, v -> false, Duration.ofSeconds(1)))
                .filteredOn(r -> r.contains("job-m.worker-1.0") && r.contains("\"RUNNING\"")).hasSize(1);

        master.update(MesosMasterSimulator.status("job-m.worker-2.0", "agent-g1", Protos.TaskState.TASK_FAILED, true)
                .toBuilder().setMessage("Command exited with status 3")
                .setReason(Protos.TaskStatus.Reason.REASON_COMMAND_EXECUTOR_FAILED).build());
        TaskStatusChanged failed = topics.await(Topics.TASK_STATUS, TaskStatusChanged.class,
                s -> s.taskId().equals("job-m.worker-2.0"), WAIT);
        assertThat(failed.state()).isEqualTo(TaskState.FAILED);
        assertThat(failed.exitCode()).isEqualTo(3);
    }

    @Test
    @Order(4)
    void anOutOfOrderUpdateForAnEndedTaskIsNotReported() throws Exception {
        master.update(MesosMasterSimulator.status("job-m.worker-0.0", "agent-g1", Protos.TaskState.TASK_FINISHED, true)
                .toBuilder().setMessage("Command exited with status 0").build());
        topics.await(Topics.TASK_STATUS, TaskStatusChanged.class,
                s -> s.taskId().equals("job-m.worker-0.0") && s.state() == TaskState.FINISHED, WAIT);
        Protos.TaskStatus late = MesosMasterSimulator.status("job-m.worker-0.0", "agent-g1", Protos.TaskState.TASK_RUNNING,
                true);

        master.update(late);

        master.awaitCall(Call.Type.ACKNOWLEDGE, c -> c.getAcknowledge().getUuid().equals(late.getUuid()), WAIT);
        assertThat(topics.readUntil(Topics.TASK_STATUS, v -> false, Duration.ofSeconds(2)))
                .filteredOn(r -> r.contains("job-m.worker-0.0") && r.contains("\"RUNNING\"")).isEmpty();
    }

    @Test
    @Order(5)
    void aDeclineGoesToTheMasterWithItsRefusalFilterAndCallsNeedTheStreamId() throws Exception {
        master.offer(offer("offer-d", "agent-d", 0));
        topics.await(Topics.OFFERS, OfferMade.class, o -> o.offerId().equals("offer-d"), WAIT);

        topics.send(Topics.CONTROL, new io.mesoflow.events.DeclineOfferRequested("offer-d", "agent-d", 12));

        Call decline = master.awaitCall(Call.Type.DECLINE, c -> c.getDecline().getOfferIds(0).getValue().equals("offer-d"),
                WAIT);
        assertThat(decline.getDecline().getFilters().getRefuseSeconds()).isEqualTo(12);
        java.net.http.HttpResponse<String> noStream = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(master.url() + "/api/v1/scheduler"))
                        .header("Authorization", "Basic " + java.util.Base64.getEncoder()
                                .encodeToString("mesoflow:s3cret".getBytes()))
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(
                                MesosCalls.revive(master.frameworkId(), "ml").toByteArray())).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(noStream.statusCode()).isEqualTo(400);
    }

    @Test
    @Order(6)
    void aRescindBecomesOfferRescinded() {
        master.offer(offer("offer-r", "agent-r", 0));
        topics.await(Topics.OFFERS, OfferMade.class, o -> o.offerId().equals("offer-r"), WAIT);

        master.rescind("offer-r");

        OfferRescinded rescinded = topics.await(Topics.OFFERS, OfferRescinded.class,
                r -> r.offerId().equals("offer-r"), WAIT);
        assertThat(rescinded.agentId()).isEqualTo("agent-r");
    }

    @Test
    @Order(7)
    void missedHeartbeatsLeadToResubscribingAsTheSameFrameworkWhichReconcilesItsTasks() {
        String frameworkId = master.frameworkId();
        master.silence(true);
        try {
            master.awaitCall(Call.Type.SUBSCRIBE, c -> c.getSubscribe().getFrameworkInfo().hasId()
                    && c.getSubscribe().getFrameworkInfo().getId().getValue().equals(frameworkId), WAIT);
        } finally {
            master.silence(false);
        }

        Call reconcile = master.awaitCall(Call.Type.RECONCILE, c -> c.getReconcile().getTasksCount() > 0, WAIT);
        assertThat(master.count(Call.Type.ACCEPT, c -> true)).as("nothing relaunched").isEqualTo(1);
        assertThat(reconcile.getReconcile().getTasksList()).extracting(t -> t.getTaskId().getValue())
                .contains("job-m.ps-0.0", "job-m.worker-1.0", "job-m.gpu_worker-0.0")
                .doesNotContain("job-m.worker-2.0");
    }

    @Test
    @Order(8)
    void aTaskTheMasterRunsButMesoflowDoesNotKnowIsKilled() {
        master.update(MesosMasterSimulator.status("stranger.worker-0.0", "agent-x", Protos.TaskState.TASK_RUNNING, false)
                .toBuilder().setReason(Protos.TaskStatus.Reason.REASON_RECONCILIATION)
                .setSource(Protos.TaskStatus.Source.SOURCE_MASTER).build());

        Call kill = master.awaitCall(Call.Type.KILL, c -> c.getKill().getTaskId().getValue()
                .equals("stranger.worker-0.0"), WAIT);
        assertThat(kill.getKill().getAgentId().getValue()).isEqualTo("agent-x");
    }

    @Test
    @Order(9)
    void aLaunchOnAnOfferRescindedMeanwhileReportsItsTasksLost() {
        master.offer(offer("offer-gone", "agent-z", 0));
        topics.await(Topics.OFFERS, OfferMade.class, o -> o.offerId().equals("offer-gone"), WAIT);
        master.rescind("offer-gone");
        topics.await(Topics.OFFERS, OfferRescinded.class, r -> r.offerId().equals("offer-gone"), WAIT);

        topics.send(Topics.LAUNCHES, new LaunchRequested("job-late", 1, List.of(task("worker-0", 31000, 0, "offer-gone")),
                List.of()));

        TaskStatusChanged lost = topics.await(Topics.TASK_STATUS, TaskStatusChanged.class,
                s -> s.jobId().equals("job-late"), WAIT);
        assertThat(lost.state()).isEqualTo(TaskState.LOST);
        assertThat(lost.reason()).isEqualTo("REASON_INVALID_OFFERS");
    }

    @Test
    @Order(10)
    void tasksOnALostAgentAreReportedLost() {
        master.agentFailure("agent-g1");

        TaskStatusChanged lost = topics.await(Topics.TASK_STATUS, TaskStatusChanged.class,
                s -> s.taskId().equals("job-m.ps-0.0") && s.state() == TaskState.LOST, WAIT);
        assertThat(lost.reason()).isEqualTo("REASON_AGENT_REMOVED");
    }

    @Test
    @Order(11)
    void suppressAndReviveBecomeTheirCalls() {
        topics.send(Topics.CONTROL, new io.mesoflow.events.SuppressOffersRequested("idle", Instant.now()));
        master.awaitCall(Call.Type.SUPPRESS, c -> c.getSuppress().getRolesList().contains("ml"), WAIT);
        topics.send(Topics.CONTROL, new io.mesoflow.events.ReviveOffersRequested("work", Instant.now()));
        master.awaitCall(Call.Type.REVIVE, c -> c.getRevive().getRolesList().contains("ml"), WAIT);
    }

    @Test
    @Order(12)
    void anErrorEventEndsTheStreamAndTheLauncherSubscribesAgain() {
        long before = master.count(Call.Type.SUBSCRIBE, c -> true);

        master.error("Framework failed over");

        master.awaitCall(Call.Type.SUBSCRIBE, c -> master.count(Call.Type.SUBSCRIBE, x -> true) > before, WAIT);
    }

    @Test
    @Order(13)
    void aRestartedLauncherSubscribesAsTheSameFrameworkAndReconcilesWithoutRelaunching() {
        master.offer(offer("offer-rs", "agent-rs", 0));
        topics.await(Topics.OFFERS, OfferMade.class, o -> o.offerId().equals("offer-rs"), WAIT);
        TaskPlacement running = new TaskPlacement("worker-0", 0, "agent-rs", "agent-rs.cluster", List.of("offer-rs"),
                new Resources(1, 1024, 0, 0), List.of(31000), task("worker-0", 31000, 0, "offer-rs").launch());
        topics.send(Topics.LAUNCHES, new LaunchRequested("job-rs", 1, List.of(running), List.of()));
        master.awaitCall(Call.Type.ACCEPT, c -> c.getAccept().getOfferIds(0).getValue().equals("offer-rs"), WAIT);
        master.update(MesosMasterSimulator.status("job-rs.worker-0.0", "agent-rs", Protos.TaskState.TASK_RUNNING, true));
        topics.await(Topics.TASK_STATUS, TaskStatusChanged.class, s -> s.taskId().equals("job-rs.worker-0.0"), WAIT);
        String frameworkId = master.frameworkId();
        long subscribes = master.count(Call.Type.SUBSCRIBE, c -> true);
        long accepts = master.count(Call.Type.ACCEPT, c -> true);
        long reconciles = master.count(Call.Type.RECONCILE, c -> c.getReconcile().getTasksCount() > 0);

        backend.stepDown();
        backend.forgetFrameworkId();
        backend.takeOver();

        master.awaitCall(Call.Type.SUBSCRIBE, c -> master.count(Call.Type.SUBSCRIBE, x -> true) > subscribes, WAIT);
        assertThat(master.last(Call.Type.SUBSCRIBE).getSubscribe().getFrameworkInfo().getId().getValue())
                .isEqualTo(frameworkId);
        master.awaitCall(Call.Type.RECONCILE, c -> master.count(Call.Type.RECONCILE,
                x -> x.getReconcile().getTasksCount() > 0) > reconciles, WAIT);
        assertThat(master.last(Call.Type.RECONCILE).getReconcile().getTasksList())
                .extracting(t -> t.getTaskId().getValue()).containsExactly("job-rs.worker-0.0");
        assertThat(master.count(Call.Type.ACCEPT, c -> true)).as("nothing relaunched").isEqualTo(accepts);
    }

    @Test
    @Order(14)
    void implicitReconciliationRunsOnATimer() {
        master.awaitCall(Call.Type.RECONCILE, c -> c.getReconcile().getTasksCount() == 0, WAIT);
    }

    @Test
    @Order(15)
    void afterAMasterFailoverTheLauncherFollowsTheRedirectToTheNewLeader() {
        String frameworkId = master.frameworkId();
        master.redirectTo(leader);
        master.dropConnection();

        Call subscribe = leader.awaitCall(Call.Type.SUBSCRIBE, c -> true, WAIT);

        assertThat(subscribe.getSubscribe().getFrameworkInfo().getId().getValue()).isEqualTo(frameworkId);
        leader.offer(offer("offer-l", "agent-l", 0));
        topics.await(Topics.OFFERS, OfferMade.class, o -> o.offerId().equals("offer-l"), WAIT);
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
