package io.mesoflow.testing.mesos;

import static io.mesoflow.testing.mesos.Launches.ROLE;
import static io.mesoflow.testing.mesos.Launches.accept;
import static io.mesoflow.testing.mesos.Launches.launch;
import static io.mesoflow.testing.mesos.Launches.ports;
import static io.mesoflow.testing.mesos.Launches.scalar;
import static io.mesoflow.testing.mesos.Launches.task;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.api.Test;

/** The scripted mode (the test plays the agents), as launcher-svc's MesosBackendIT uses it. */
class ScriptedMasterTest extends ClusterFixture {

    /** The offer MesosBackendIT makes: 32 cpus, 131072 MB, 100000 MB disk, gpus, ports 31000-31099; ports untagged. */
    static Protos.Offer bigOffer(String id, String agent, int gpus) {
        Protos.Resource untaggedPorts = ports(31000, 31099, ROLE).toBuilder().clearAllocationInfo().build();
        return Protos.Offer.newBuilder().setId(Protos.OfferID.newBuilder().setValue(id))
                .setFrameworkId(Protos.FrameworkID.newBuilder().setValue("set-by-simulator"))
                .setAgentId(Protos.AgentID.newBuilder().setValue(agent)).setHostname(agent + ".cluster")
                .addResources(scalar("cpus", 32, ROLE)).addResources(scalar("mem", 131_072, ROLE))
                .addResources(scalar("disk", 100_000, ROLE)).addResources(scalar("gpus", gpus, ROLE))
                .addResources(untaggedPorts).build();
    }

    @Test
    void callsNeedTheStreamIdAndTheSubscribedFrameworksId() throws Exception {
        subscribe();
        SchedulerClient stranger = new SchedulerClient(master.url());

        assertThat(stranger.post(Launches.reconcile().setFrameworkId(Protos.FrameworkID.newBuilder()
                .setValue(scheduler.frameworkId())))).as("no stream id").isEqualTo(400);
        assertThat(scheduler.post(Launches.reconcile().setFrameworkId(Protos.FrameworkID.newBuilder()
                .setValue("someone-else")))).as("another framework").isEqualTo(400);
        assertThat(scheduler.post(Launches.reconcile())).isEqualTo(202);
        assertThat(master.awaitCall(Call.Type.RECONCILE, c -> true, WAIT).getFrameworkId().getValue())
                .isEqualTo(master.frameworkId());
    }

    @Test
    void sixGroupsInOneScriptedOfferLaunchAndAutoRunReportsThemRunning() throws Exception {
        subscribe();
        master.autoRun(true);
        master.offer(bigOffer("offer-g1", "agent-g1", 8));
        Protos.Offer offer = scheduler.awaitOffer("agent-g1", 0, WAIT);
        assertThat(offer.getFrameworkId().getValue()).isEqualTo(scheduler.frameworkId());
        assertThat(offer.getResourcesList()).allSatisfy(r -> assertThat(r.getAllocationInfo().getRole()).isEqualTo(ROLE));
        List<Protos.Offer.Operation> ops = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            ops.add(launch(scheduler.frameworkId(), task("t" + i, "agent-g1", "python3 train.py", i == 5 ? 4 : 1, 2048)
                    .addResources(ports(31000 + i, 31000 + i, ROLE))
                    .addResources(scalar("gpus", i == 5 ? 2 : 0, ROLE))));
        }

        scheduler.post(accept(List.of(offer), 5, ops.toArray(Protos.Offer.Operation[]::new)));

        for (int i = 0; i < 6; i++) {
            assertThat(scheduler.awaitStatus("t" + i, TaskState.TASK_RUNNING, WAIT).getUuid().isEmpty()).isFalse();
        }
        master.awaitCall(Call.Type.ACKNOWLEDGE, c -> c.getAcknowledge().getTaskId().getValue().equals("t5"), WAIT);
    }

    @Test
    void aLaunchOnARescindedScriptedOfferIsLostAndAScriptedAgentFailureRescindsItsOffers() throws Exception {
        subscribe();
        master.offer(bigOffer("o-gone", "agent-z", 0), bigOffer("o-other", "agent-y", 0));
        scheduler.awaitOffer("agent-z", 0, WAIT);
        master.rescind("o-gone");

        scheduler.post(accept(List.of(bigOffer("o-gone", "agent-z", 0)), 5,
                launch(scheduler.frameworkId(), task("late", "agent-z", "true", 1, 64))));
        master.agentFailure("agent-y");

        assertThat(scheduler.awaitStatus("late", TaskState.TASK_LOST, WAIT).getReason())
                .isEqualTo(Protos.TaskStatus.Reason.REASON_INVALID_OFFERS);
        scheduler.await(e -> e.getType() == Event.Type.RESCIND && e.getRescind().getOfferId().getValue().equals("o-other"),
                WAIT);
        scheduler.await(e -> e.getType() == Event.Type.FAILURE && e.getFailure().getAgentId().getValue().equals("agent-y"),
                WAIT);
    }

    @Test
    void onlyTheNewestSubscriptionDeliversEvents() throws Exception {
        subscribe();
        SchedulerClient second = new SchedulerClient(master.url());
        second.subscribe(SchedulerClient.framework(ROLE, true).setId(Protos.FrameworkID.newBuilder()
                .setValue(scheduler.frameworkId())));

        master.offer(bigOffer("o1", "agent-x", 0));

        second.awaitOffer("agent-x", 0, WAIT);
        assertThat(scheduler.count(e -> e.getType() == Event.Type.OFFERS)).isZero();
        second.close();
    }
}
