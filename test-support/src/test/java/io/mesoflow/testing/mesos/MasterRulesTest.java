package io.mesoflow.testing.mesos;

import static io.mesoflow.testing.mesos.Launches.accept;
import static io.mesoflow.testing.mesos.Launches.launch;
import static io.mesoflow.testing.mesos.Launches.task;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.junit.jupiter.api.Test;

/** Rules a real Mesos 1.11 master enforces on offers and ACCEPTs, driven over HTTP like a framework. */
class MasterRulesTest extends ClusterFixture {

    @Test
    void anAcceptSpanningTwoAgentsLosesEveryTaskAndTheirResourcesAreOfferedAgain() throws Exception {
        agent(1);
        agent(2);
        subscribe();
        Protos.Offer o1 = scheduler.awaitOffer("a1", 0, WAIT);
        Protos.Offer o2 = scheduler.awaitOffer("a2", 0, WAIT);
        int mark = scheduler.events().size();
        String fw = scheduler.frameworkId();

        assertThat(scheduler.post(accept(List.of(o1, o2), 5, launch(fw, task("t1", "a1", "true", 1, 64)),
                launch(fw, task("t2", "a2", "true", 1, 64))))).isEqualTo(202);

        for (String t : List.of("t1", "t2")) {
            TaskStatus lost = scheduler.awaitStatus(t, TaskState.TASK_LOST, WAIT);
            assertThat(lost.getReason()).isEqualTo(TaskStatus.Reason.REASON_INVALID_OFFERS);
            assertThat(lost.getSource()).isEqualTo(TaskStatus.Source.SOURCE_MASTER);
            assertThat(lost.hasUuid()).isFalse();
            assertThat(lost.getMessage()).isEqualTo("ACCEPT call used invalid offers '[ " + o1.getId().getValue() + ", "
                    + o2.getId().getValue() + " ]': Aggregated offers must belong to one single agent");
        }
        assertThat(ResourceBag.of(scheduler.awaitOffer("a1", mark, WAIT).getResourcesList()).scalar("cpus")).isEqualTo(4);
        assertThat(ResourceBag.of(scheduler.awaitOffer("a2", mark, WAIT).getResourcesList()).scalar("cpus")).isEqualTo(4);
        assertThat(master.agents()).allSatisfy(a -> assertThat(a.runningTasks()).isEmpty());
    }

    @Test
    void anAcceptOnADeclinedOfferLosesItsTasks() throws Exception {
        agent(1);
        subscribe();
        Protos.Offer o1 = scheduler.awaitOffer("a1", 0, WAIT);
        scheduler.post(Launches.decline(o1, 0));

        scheduler.post(accept(List.of(o1), 5, launch(scheduler.frameworkId(), task("t1", "a1", "true", 1, 64))));

        TaskStatus lost = scheduler.awaitStatus("t1", TaskState.TASK_LOST, WAIT);
        assertThat(lost.getReason()).isEqualTo(TaskStatus.Reason.REASON_INVALID_OFFERS);
        assertThat(lost.getMessage()).endsWith("Offer " + o1.getId().getValue() + " is no longer valid");
    }

    @Test
    void aGroupAskingMoreThanTheOfferFailsWithTaskErrorWhileTheOtherGroupLaunches() throws Exception {
        agent(1);
        subscribe();
        Protos.Offer o1 = scheduler.awaitOffer("a1", 0, WAIT);
        String fw = scheduler.frameworkId();

        scheduler.post(accept(List.of(o1), 5, launch(fw, task("big", "a1", "true", 5, 64)),
                launch(fw, task("ok", "a1", "true", 1, 64))));

        TaskStatus error = scheduler.awaitStatus("big", TaskState.TASK_ERROR, WAIT);
        assertThat(error.getReason()).isEqualTo(TaskStatus.Reason.REASON_TASK_GROUP_INVALID);
        assertThat(error.getSource()).isEqualTo(TaskStatus.Source.SOURCE_MASTER);
        assertThat(error.hasUuid()).isFalse();
        assertThat(error.getMessage()).contains("Total resources", "more than available");
        scheduler.awaitStatus("ok", TaskState.TASK_FINISHED, WAIT);
    }

    @Test
    void anAcceptsRefuseFilterAndADeclinesFilterHoldTheAgentBackAndReviveClearsThem() throws Exception {
        agent(1);
        subscribe();
        Protos.Offer o1 = scheduler.awaitOffer("a1", 0, WAIT);
        long accepted = System.nanoTime();
        scheduler.post(accept(List.of(o1), 1.5, launch(scheduler.frameworkId(), task("t1", "a1", "sleep 30", 1, 64))));
        int mark = scheduler.events().size();

        expectNoOfferFrom("a1", 1000);
        Protos.Offer leftover = scheduler.awaitOffer("a1", mark, WAIT);
        assertThat((System.nanoTime() - accepted) / 1e9).isGreaterThan(1.3);
        assertThat(ResourceBag.of(leftover.getResourcesList()).scalar("cpus")).isEqualTo(2.9);

        scheduler.post(Launches.decline(leftover, 30));
        expectNoOfferFrom("a1", 1000);
        mark = scheduler.events().size();
        scheduler.post(Launches.roles(Call.Type.REVIVE, Launches.ROLE));
        scheduler.awaitOffer("a1", mark, Duration.ofSeconds(2));
    }

    @Test
    void suppressStopsOffersAReSubscribeWithoutSuppressedRolesResumesThemAndOneWithThemDoesNot() throws Exception {
        agent(1);
        subscribe();
        Protos.Offer o1 = scheduler.awaitOffer("a1", 0, WAIT);

        scheduler.post(Launches.roles(Call.Type.SUPPRESS, Launches.ROLE));
        SchedulerClient.sleep(200);
        scheduler.post(Launches.decline(o1, 0));
        expectNoOfferFrom("a1", 1000);
        assertThat(master.suppressedRoles()).containsExactly("ml");

        int mark = scheduler.events().size();
        subscribe();
        scheduler.awaitOffer("a1", mark, WAIT);
        assertThat(master.suppressedRoles()).isEmpty();

        scheduler.subscribe(SchedulerClient.framework(Launches.ROLE, true), Launches.ROLE);
        expectNoOfferFrom("a1", 1000);
        assertThat(master.suppressedRoles()).containsExactly("ml");
        mark = scheduler.events().size();
        scheduler.post(Launches.roles(Call.Type.REVIVE, Launches.ROLE));
        scheduler.awaitOffer("a1", mark, WAIT);
    }

    @Test
    void aGpuAgentOffersItsGpusOnlyToAFrameworkWithGpuResources() throws Exception {
        agent(1);
        master.addAgent(AgentSpec.of("g1", "127.0.0.9", work).withGpus(2));
        subscribe();
        assertThat(ResourceBag.of(scheduler.awaitOffer("g1", 0, WAIT).getResourcesList()).scalar("gpus")).isEqualTo(2);

        int mark = scheduler.events().size();
        scheduler.subscribe(SchedulerClient.framework(Launches.ROLE, false));
        scheduler.awaitOffer("a1", mark, WAIT);
        expectNoOfferFrom("g1", 1000);
    }

    @Test
    void anOfferCarriesTheAgentsEndpointRoleAndAttributes() throws Exception {
        SimulatedAgent a = master.addAgent(AgentSpec.of("a1", "127.0.0.2", work).withAttributes(
                java.util.Map.of("rack", "r1")));
        subscribe();

        Protos.Offer o = scheduler.awaitOffer("a1", 0, WAIT);

        assertThat(o.getHostname()).isEqualTo("127.0.0.2");
        assertThat(o.getUrl().getAddress().getPort()).isEqualTo(a.port());
        assertThat(o.getUrl().getPath()).isEqualTo("/slave(1)");
        assertThat(o.getFrameworkId().getValue()).isEqualTo(scheduler.frameworkId());
        assertThat(o.getResourcesList()).allSatisfy(r -> assertThat(r.getAllocationInfo().getRole()).isEqualTo("ml"));
        assertThat(o.getAttributesList()).singleElement().satisfies(x ->
                assertThat(x.getName() + "=" + x.getText().getValue()).isEqualTo("rack=r1"));
    }

    @Test
    void aCallIsAnsweredWhileTheMasterIsBusyAndCarriedOutInTheOrderAnswered() throws Exception {
        SimulatedAgent a1 = agent(1);
        subscribe();
        Protos.Offer o1 = scheduler.awaitOffer("a1", 0, WAIT);
        String fw = scheduler.frameworkId();

        synchronized (a1) { // the ACCEPT's launch waits for the agent, holding the master's books meanwhile
            // before: no answer (neither call's) until the master's lock was free
            assertThat(answer(accept(List.of(o1), 5, launch(fw, task("t1", "a1", "true", 1, 64))))).isEqualTo(202);
            assertThat(answer(Launches.kill("t1", "a1"))).isEqualTo(202);
        }

        // the KILL answered after the ACCEPT was carried out after it: the task was known, launched, then killed
        TaskStatus end = scheduler.await(e -> e.getType() == org.apache.mesos.v1.scheduler.Protos.Event.Type.UPDATE
                && e.getUpdate().getStatus().getTaskId().getValue().equals("t1")
                && Statuses.terminal(e.getUpdate().getStatus().getState()), WAIT).getUpdate().getStatus();
        assertThat(end.getState()).isIn(TaskState.TASK_KILLED, TaskState.TASK_FINISHED);
        assertThat(scheduler.statuses("t1")).extracting(TaskStatus::getReason)
                .doesNotContain(TaskStatus.Reason.REASON_RECONCILIATION); // not "unknown task"
    }

    /** The HTTP status the master answers {@code call} with, waiting at most 5 s for it. */
    int answer(Call.Builder call) throws Exception {
        return java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return scheduler.post(call);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).get(5, java.util.concurrent.TimeUnit.SECONDS);
    }
}
