package io.mesoflow.testing.mesos;

import static io.mesoflow.testing.mesos.Launches.accept;
import static io.mesoflow.testing.mesos.Launches.launch;
import static io.mesoflow.testing.mesos.Launches.task;
import static org.assertj.core.api.Assertions.assertThat;

import io.mesoflow.testing.TaskProcesses;
import java.util.List;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.api.Test;

/** The master answers RECONCILE and KILL of unknown tasks from its books, and reports a failed agent's tasks lost. */
class ReconciliationTest extends ClusterFixture {

    /** Updates of the task received after {@code mark} events. */
    List<TaskStatus> since(int mark, String taskId) {
        return scheduler.events().subList(mark, scheduler.events().size()).stream()
                .filter(e -> e.getType() == Event.Type.UPDATE && e.getUpdate().getStatus().getTaskId().getValue()
                        .equals(taskId)).map(e -> e.getUpdate().getStatus()).toList();
    }

    TaskStatus awaitSince(int mark, String taskId) {
        scheduler.await(e -> scheduler.events().indexOf(e) >= mark && e.getType() == Event.Type.UPDATE
                && e.getUpdate().getStatus().getTaskId().getValue().equals(taskId), WAIT);
        return since(mark, taskId).get(0);
    }

    @Test
    void explicitReconciliationAnswersTheLatestStateAndTaskLostForAnUnknownTask() throws Exception {
        agent(1);
        subscribe();
        Protos.Offer o = scheduler.awaitOffer("a1", 0, WAIT);
        scheduler.post(accept(List.of(o), 0, launch(scheduler.frameworkId(), task("t", "a1", "sleep 30", 1, 64))));
        scheduler.awaitStatus("t", TaskState.TASK_RUNNING, WAIT);
        int mark = scheduler.events().size();

        scheduler.post(Launches.reconcile("t", "nope"));

        TaskStatus t = awaitSince(mark, "t");
        assertThat(t.getState()).isEqualTo(TaskState.TASK_RUNNING);
        assertThat(t.getReason()).isEqualTo(TaskStatus.Reason.REASON_RECONCILIATION);
        assertThat(t.getSource()).isEqualTo(TaskStatus.Source.SOURCE_MASTER);
        assertThat(t.hasUuid()).isFalse();
        assertThat(t.getAgentId().getValue()).isEqualTo("a1");
        TaskStatus nope = awaitSince(mark, "nope");
        assertThat(nope.getState()).isEqualTo(TaskState.TASK_LOST);
        assertThat(nope.getReason()).isEqualTo(TaskStatus.Reason.REASON_RECONCILIATION);
        assertThat(nope.hasUuid()).isFalse();
    }

    @Test
    void implicitReconciliationAnswersLiveTasksAndEndedOnesUntilTheirLastUpdateIsAcknowledged() throws Exception {
        agent(1);
        subscribe();
        scheduler.autoAck(false);
        Protos.Offer o = scheduler.awaitOffer("a1", 0, WAIT);
        String fw = scheduler.frameworkId();
        scheduler.post(accept(List.of(o), 0, launch(fw, task("live", "a1", "sleep 30", 1, 64)),
                launch(fw, task("done", "a1", "true", 1, 64))));
        for (String t : List.of("live", "done")) {
            scheduler.acknowledge(scheduler.awaitStatus(t, TaskState.TASK_STARTING, WAIT));
            scheduler.acknowledge(scheduler.awaitStatus(t, TaskState.TASK_RUNNING, WAIT));
        }
        TaskStatus finished = scheduler.awaitStatus("done", TaskState.TASK_FINISHED, WAIT);
        int mark = scheduler.events().size();

        scheduler.post(Launches.reconcile());

        assertThat(awaitSince(mark, "live").getState()).isEqualTo(TaskState.TASK_RUNNING);
        assertThat(awaitSince(mark, "done").getState()).isEqualTo(TaskState.TASK_FINISHED);
        assertThat(awaitSince(mark, "done").getReason()).isEqualTo(TaskStatus.Reason.REASON_RECONCILIATION);

        scheduler.acknowledge(finished);
        SchedulerClient.sleep(200);
        int again = scheduler.events().size();
        scheduler.post(Launches.reconcile());
        awaitSince(again, "live");
        SchedulerClient.sleep(300);
        assertThat(since(again, "done")).isEmpty();
    }

    @Test
    void aKillOfATaskTheMasterDoesNotKnowIsAnsweredTaskLostByTheMaster() throws Exception {
        agent(1);
        subscribe();

        scheduler.post(Launches.kill("stranger", "a1"));

        TaskStatus lost = scheduler.awaitStatus("stranger", TaskState.TASK_LOST, WAIT);
        assertThat(lost.getSource()).isEqualTo(TaskStatus.Source.SOURCE_MASTER);
        assertThat(lost.hasUuid()).isFalse();
    }

    @Test
    void aFailedAgentIsReportedWithFailureItsTasksLostAndItsProcessesKilled() throws Exception {
        SimulatedAgent a1 = agent(1);
        agent(2);
        subscribe();
        Protos.Offer o = scheduler.awaitOffer("a1", 0, WAIT);
        scheduler.post(accept(List.of(o), 0, launch(scheduler.frameworkId(), task("t", "a1", "sleep 30", 1, 64))));
        scheduler.awaitStatus("t", TaskState.TASK_RUNNING, WAIT);

        a1.fail();

        TaskStatus lost = scheduler.awaitStatus("t", TaskState.TASK_LOST, WAIT);
        assertThat(lost.getReason()).isEqualTo(TaskStatus.Reason.REASON_AGENT_REMOVED);
        assertThat(lost.getSource()).isEqualTo(TaskStatus.Source.SOURCE_MASTER);
        assertThat(lost.hasUuid()).isFalse();
        scheduler.await(e -> e.getType() == Event.Type.FAILURE && e.getFailure().getAgentId().getValue().equals("a1"),
                WAIT);
        assertThat(TaskProcesses.runningIn(a1.sandbox("t"))).isEmpty();
        assertThat(master.agents()).extracting(SimulatedAgent::id).containsExactly("a2");
        expectNoOfferFrom("a1", 500);
    }
}
