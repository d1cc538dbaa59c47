package io.mesoflow.launcher.mesos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.mesoflow.launcher.store.LaunchedTaskEntity;
import io.mesoflow.launcher.store.LauncherStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.v1.Protos;
import org.junit.jupiter.api.Test;

/** Runs of updates recorded on the stream's thread, published and acknowledged after, in order, on another. */
class StatusUpdatesTest {
    /** What happened, in order: "record u1", "publish u1", "ack u1", "kill x". */
    final List<String> log = new CopyOnWriteArrayList<>();
    final CountDownLatch brokerAnswers = new CountDownLatch(1);
    volatile boolean brokerSlow;
    volatile boolean brokerDown;

    StatusUpdates updates() {
        StatusUpdates updates = new StatusUpdates();
        updates.placements = new LaunchedPlacements();
        updates.store = new LauncherStore() {
            @Override
            public List<Seen> observe(List<Observed> statuses) {
                List<Seen> seen = new ArrayList<>();
                for (Observed o : statuses) {
                    log.add("record " + o.taskId() + " " + o.state());
                    LaunchedTaskEntity task = new LaunchedTaskEntity();
                    task.taskId = o.taskId();
                    task.agentId = "a1";
                    boolean ended = o.taskId().startsWith("job.done");
                    task.state = ended ? "FINISHED" : null; // job.done.*: its FINISHED was recorded before
                    seen.add(new Seen(o.taskId().startsWith("job.") ? task : null, ended));
                }
                return seen;
            }
        };
        updates.agents = new AgentEndpoints() {
            @Override
            public Map<String, String> urls(Collection<String> agentIds) {
                return Map.of();
            }
        };
        updates.updates = new UpdateReports() {
            @Override
            public void publishAll(List<Update> run) {
                if (brokerSlow) {
                    await(brokerAnswers);
                }
                if (brokerDown) {
                    throw new IllegalStateException("broker down");
                }
                run.forEach(u -> log.add("publish " + u.event().taskId() + " " + u.event().state()));
            }
        };
        return updates;
    }

    final StatusUpdates.Master master = new StatusUpdates.Master() {
        @Override
        public void killUnknown(Protos.TaskStatus status) {
            log.add("kill " + status.getTaskId().getValue());
        }

        @Override
        public void acknowledge(Protos.TaskStatus status) {
            log.add("ack " + status.getUuid().toStringUtf8());
        }

        @Override
        public String frameworkId() {
            return "fw";
        }
    };

    static Protos.TaskStatus update(String taskId, Protos.TaskState state, String uuid) {
        return Protos.TaskStatus.newBuilder().setTaskId(Protos.TaskID.newBuilder().setValue(taskId))
                .setAgentId(Protos.AgentID.newBuilder().setValue("a1")).setState(state)
                .setSource(Protos.TaskStatus.Source.SOURCE_EXECUTOR).setUuid(ByteString.copyFromUtf8(uuid)).build();
    }

    static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void theStreamRecordsTheNextRunWhileTheLastIsPublishedAndEachUpdateIsAcknowledgedAfterItsPublication() {
        StatusUpdates updates = updates();
        brokerSlow = true;

        updates.handle(List.of(update("job.w.0", Protos.TaskState.TASK_STARTING, "u1")), master);
        updates.handle(List.of(update("job.w.0", Protos.TaskState.TASK_RUNNING, "u2"),
                update("other", Protos.TaskState.TASK_RUNNING, "u3")), master);

        assertThat(log).containsExactly("record job.w.0 STARTING", "record job.w.0 RUNNING", "kill other");
        brokerAnswers.countDown();
        updates.published();
        assertThat(log).containsExactly("record job.w.0 STARTING", "record job.w.0 RUNNING", "kill other",
                "publish job.w.0 STARTING", "ack u1", "publish job.w.0 RUNNING", "ack u2", "ack u3");
    }

    @Test
    void aResendOfAnUpdateOnItsWayIsAcknowledgedAfterItAndNotReportedAgain() {
        StatusUpdates updates = updates();
        brokerSlow = true;

        updates.handle(List.of(update("job.w.0", Protos.TaskState.TASK_RUNNING, "u1")), master);
        updates.handle(List.of(update("job.w.0", Protos.TaskState.TASK_RUNNING, "u1")), master);
        brokerAnswers.countDown();
        updates.published();
        updates.handle(List.of(update("job.w.0", Protos.TaskState.TASK_RUNNING, "u1")), master); // acknowledged already
        updates.published();

        assertThat(log).containsExactly("record job.w.0 RUNNING", "publish job.w.0 RUNNING", "ack u1", "ack u1",
                "ack u1");
    }

    @Test
    void whenPublishingFailsNothingAfterIsAcknowledgedTheNextRunThrowsAndTheResendIsReportedAfresh() {
        StatusUpdates updates = updates();
        brokerDown = true;
        brokerSlow = true; // both runs handed over before the first fails (else the second handle would throw)

        updates.handle(List.of(update("job.w.0", Protos.TaskState.TASK_RUNNING, "u1")), master);
        updates.handle(List.of(update("job.x.0", Protos.TaskState.TASK_RUNNING, "u2")), master);
        brokerAnswers.countDown();
        updates.published();
        assertThat(log).noneMatch(line -> line.startsWith("ack") || line.startsWith("publish"));

        brokerDown = false;
        assertThatThrownBy(() -> updates.handle(List.of(), master)).hasMessageContaining("broker down");
        updates.handle(List.of(update("job.w.0", Protos.TaskState.TASK_RUNNING, "u1"),
                update("job.x.0", Protos.TaskState.TASK_RUNNING, "u2")), master); // the agents resend
        updates.published();

        assertThat(log).containsExactly("record job.w.0 RUNNING", "record job.x.0 RUNNING", "record job.w.0 RUNNING",
                "record job.x.0 RUNNING", "publish job.w.0 RUNNING", "publish job.x.0 RUNNING", "ack u1", "ack u2");
    }

    @Test
    void aResendOfTheUpdateThatEndedATaskIsPublishedAgainWhileAStaleEndIsOnlyAcknowledged() {
        StatusUpdates updates = updates(); // its FINISHED was recorded, then the launcher died before publishing it

        updates.handle(List.of(update("job.done.0", Protos.TaskState.TASK_FINISHED, "u1"),
                update("job.done.1", Protos.TaskState.TASK_FAILED, "u2")), master);
        updates.published();

        assertThat(log).containsExactly("record job.done.0 FINISHED", "record job.done.1 FAILED",
                "publish job.done.0 FINISHED", "ack u1", "ack u2");
    }

    @Test
    void anEndedTaskThatTheMasterRunsAfterAllIsKilledAndNotReported() {
        StatusUpdates updates = updates(); // e.g. reported LOST, then an ACCEPT that had timed out reached the master

        updates.handle(List.of(update("job.done.0", Protos.TaskState.TASK_STARTING, "u1"),
                update("job.done.1", Protos.TaskState.TASK_RUNNING, "u2"),
                update("job.done.2", Protos.TaskState.TASK_KILLING, "u3")), master);
        updates.published();

        assertThat(log).containsExactly("record job.done.0 STARTING", "record job.done.1 RUNNING",
                "record job.done.2 KILLING", "kill job.done.0", "kill job.done.1", "ack u1", "ack u2", "ack u3");
    }
}
