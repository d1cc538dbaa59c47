package io.mesoflow.testing.mesos;

import static io.mesoflow.testing.mesos.Launches.accept;
import static io.mesoflow.testing.mesos.Launches.launch;
import static io.mesoflow.testing.mesos.Launches.task;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.api.Test;

/** A task's TCP health check runs on its agent as the DEFAULT executor runs it, and reports through updates. */
class HealthChecksTest extends ClusterFixture {
    static final Duration LONG = Duration.ofSeconds(20);

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static Protos.HealthCheck.Builder tcp(int port) {
        return Protos.HealthCheck.newBuilder().setType(Protos.HealthCheck.Type.TCP)
                .setTcp(Protos.HealthCheck.TCPCheckInfo.newBuilder().setPort(port))
                .setDelaySeconds(0).setIntervalSeconds(0.2).setTimeoutSeconds(1);
    }

    void run(Protos.TaskInfo.Builder task) throws Exception {
        Protos.Offer offer = scheduler.await(e -> e.getType() == Event.Type.OFFERS, WAIT).getOffers().getOffers(0);
        assertThat(scheduler.post(accept(List.of(offer), 0, launch(scheduler.frameworkId(), task)))).isEqualTo(202);
    }

    @Test
    void aServerThatListensLateIsReportedHealthyOnceWhenItsPortAcceptsConnections() throws Exception {
        agent(1);
        subscribe();
        int port = freePort();

        run(task("ps", "a1", "sleep 1; exec python3 -c 'import socket, time; s = socket.socket(); "
                + "s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind((\"0.0.0.0\", " + port + ")); "
                + "s.listen(); time.sleep(30)'", 0.5, 64)
                .setHealthCheck(tcp(port).setGracePeriodSeconds(60).setConsecutiveFailures(3)));

        scheduler.await(e -> e.getType() == Event.Type.UPDATE && e.getUpdate().getStatus().hasHealthy(), LONG);
        SchedulerClient.sleep(1000);
        List<TaskStatus> seen = scheduler.statuses("ps");
        assertThat(seen).extracting(TaskStatus::getState)
                .containsExactly(TaskState.TASK_STARTING, TaskState.TASK_RUNNING, TaskState.TASK_RUNNING);
        TaskStatus healthy = seen.get(2);
        assertThat(healthy.getHealthy()).isTrue();
        assertThat(healthy.getReason()).isEqualTo(TaskStatus.Reason.REASON_TASK_HEALTH_CHECK_STATUS_UPDATED);
        assertThat(healthy.getUuid().isEmpty()).isFalse();
        assertThat(seen.get(1).hasHealthy()).isFalse();

        scheduler.post(Launches.reconcile("ps"));
        TaskStatus reconciled = scheduler.await(e -> e.getType() == Event.Type.UPDATE && e.getUpdate().getStatus()
                .getReason() == TaskStatus.Reason.REASON_RECONCILIATION, WAIT).getUpdate().getStatus();
        assertThat(reconciled.getHealthy()).as("a master's answer carries the last health").isTrue();
    }

    @Test
    void afterTheGracePeriodEachFailureIsReportedAndTheLastOneKillsTheTask() throws Exception {
        agent(1);
        subscribe();

        run(task("deaf", "a1", "sleep 30", 0.5, 64)
                .setHealthCheck(tcp(freePort()).setGracePeriodSeconds(0).setConsecutiveFailures(2)));

        TaskStatus killed = scheduler.awaitStatus("deaf", TaskState.TASK_KILLED, LONG);
        assertThat(killed.getHealthy()).isFalse();
        assertThat(scheduler.statuses("deaf")).filteredOn(s -> s.getReason()
                == TaskStatus.Reason.REASON_TASK_HEALTH_CHECK_STATUS_UPDATED)
                .extracting(TaskStatus::getHealthy).containsExactly(false, false);
    }

    @Test
    void failuresWithinTheGracePeriodAreNotReported() throws Exception {
        agent(1);
        subscribe();

        run(task("slow", "a1", "sleep 3", 0.5, 64)
                .setHealthCheck(tcp(freePort()).setGracePeriodSeconds(60).setConsecutiveFailures(1)));

        scheduler.awaitStatus("slow", TaskState.TASK_FINISHED, LONG);
        assertThat(scheduler.statuses("slow")).extracting(TaskStatus::getState)
                .containsExactly(TaskState.TASK_STARTING, TaskState.TASK_RUNNING, TaskState.TASK_FINISHED);
    }

    @Test
    void aTaskWithAnInvalidHealthCheckIsRefused() throws Exception {
        agent(1);
        subscribe();

        run(task("bad", "a1", "true", 0.5, 64).setHealthCheck(Protos.HealthCheck.newBuilder()
                .setType(Protos.HealthCheck.Type.TCP)));

        TaskStatus error = scheduler.awaitStatus("bad", TaskState.TASK_ERROR, WAIT);
        assertThat(error.getMessage()).contains("invalid health check", "'tcp'");
    }
}
