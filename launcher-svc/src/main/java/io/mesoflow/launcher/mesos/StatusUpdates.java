package io.mesoflow.launcher.mesos;

import com.google.protobuf.ByteString;
import io.mesoflow.events.TaskState;
import io.mesoflow.launcher.store.LaunchedTaskEntity;
import io.mesoflow.launcher.store.LauncherStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.mesos.v1.Protos;
import org.jboss.logging.Logger;

/**
 * The master's status updates, a run of them at a time (those the event stream had ready
 * together): each is reported once and acknowledged every time it comes, as one at a time did.
 * An agent resends an update only when no acknowledgement reached it, and holds the task's next
 * update until one does.
 *
 * <p>Guarantees, per update, as before batching: the task's state is written before its status
 * is published, and an update is acknowledged only once its status is published (the broker
 * acknowledged it), so a crash before that brings a resend. What a run shares: one database
 * transaction for all its tasks (up to {@link #MAX_CHUNK}), and its statuses sent to Kafka as one
 * run (in order, a window of sends in flight) instead of one round trip each. A status whose send failed is published again, with
 * every status after it, one at a time with retries, so the order on the topic stays the
 * master's (a status may then appear twice; consumers take each at least once).
 *
 * <p>The stream's thread records a run (the transaction) and hands it over ({@link OrderedRuns},
 * at most {@link #RUNS_AHEAD} runs ahead): one thread publishes the runs in the order they came and
 * acknowledges each run's updates after it, while the stream's thread reads and records the next
 * run (before: it waited for the broker before reading on). A resend of an update on its way is
 * acknowledged after it, never reported twice. A task that has ended but that the master reports alive
 * (not terminal) is killed ({@link #outlivedItsEnd}). When publishing a run fails, the runs after it are
 * neither published nor acknowledged, and the next {@link #handle} throws once they are done with,
 * so the stream subscribes again and the master resends them ({@link SchedulerConnection}), as when
 * recording fails. {@link #published} waits for the runs handed over, for whatever must come
 * after them on the topic.
 */
@ApplicationScoped
public class StatusUpdates {
    private static final Logger LOG = Logger.getLogger(StatusUpdates.class);

    /** The most updates handled as one transaction (their statuses then sent as one run: {@link io.mesoflow.launcher.store.StatusReporter#tasks}). */
    static final int MAX_CHUNK = SchedulerConnection.MAX_RUN;

    @Inject
    LauncherStore store;

    @Inject
    UpdateReports updates;

    @Inject
    AgentEndpoints agents;

    @Inject
    LaunchedPlacements placements;

    /** The most runs recorded and not yet published and acknowledged. */
    static final int RUNS_AHEAD = 4;

    private final AcknowledgedUpdates acknowledged = new AcknowledgedUpdates();
    private final OrderedRuns publishing = new OrderedRuns("mesos-status-publish", RUNS_AHEAD);

    /** What to do with an unknown task that the master runs, and where acknowledgements go. */
    public interface Master {
        void killUnknown(Protos.TaskStatus status);

        void acknowledge(Protos.TaskStatus status);

        String frameworkId();
    }

    /**
     * Handles a run of updates in the order the master sent them: recorded now, published and
     * acknowledged on the publishing thread. Throws when publishing an earlier run failed.
     */
    public void handle(List<Protos.TaskStatus> run, Master master) {
        RuntimeException failed = publishing.failure();
        if (failed != null) {
            throw new IllegalStateException("publishing status updates failed: " + failed.getMessage(), failed);
        }
        for (int from = 0; from < run.size(); from += MAX_CHUNK) {
            handleChunk(run.subList(from, Math.min(run.size(), from + MAX_CHUNK)), master);
        }
    }

    private void handleChunk(List<Protos.TaskStatus> chunk, Master master) {
        List<Protos.TaskStatus> fresh = new ArrayList<>();
        List<Protos.TaskStatus> resent = new ArrayList<>();
        Set<ByteString> inChunk = new HashSet<>();
        for (Protos.TaskStatus status : chunk) {
            if (hasUuid(status) && (acknowledged.contains(status.getUuid()) || !inChunk.add(status.getUuid()))) {
                resent.add(status); // acknowledged again, after its first copy
            } else {
                fresh.add(status);
            }
        }
        List<LauncherStore.Observed> ours = new ArrayList<>();
        for (Protos.TaskStatus status : fresh) {
            String taskId = status.getTaskId().getValue();
            if (MesosTaskIds.isMesoflow(taskId)) {
                ours.add(new LauncherStore.Observed(taskId, StatusMapping.state(status.getState()),
                        !MesosReadiness.isHealthUpdate(status))); // a health check's update only says whether it is ready
            }
        }
        List<LauncherStore.Seen> seen = ours.isEmpty() ? List.of() : store.observe(ours);
        List<String> agentIds = new ArrayList<>();
        for (int i = 0, next = 0; i < fresh.size(); i++) {
            LauncherStore.Seen known = MesosTaskIds.isMesoflow(fresh.get(i).getTaskId().getValue()) ? seen.get(next++) : null;
            if (known != null && known.task() != null) {
                agentIds.add(agentOf(fresh.get(i), known.task()));
            }
        }
        Map<String, String> urls = agents.urls(agentIds); // one query for the run's unknown agents, not one per update
        List<UpdateReports.Update> reported = new ArrayList<>();
        int next = 0;
        for (Protos.TaskStatus status : fresh) {
            String taskId = status.getTaskId().getValue();
            LauncherStore.Seen known = MesosTaskIds.isMesoflow(taskId) ? seen.get(next++) : null;
            TaskState state = StatusMapping.state(status.getState());
            if (known == null || known.task() == null) {
                if (!state.isTerminal()) {
                    LOG.warnf("killing task %s: the master runs it but MesoFlow does not know it", taskId);
                    master.killUnknown(status);
                }
            } else if (known.ended() && !(hasUuid(status) && state.name().equals(known.task().state))) {
                if (outlivedItsEnd(state)) {
                    LOG.warnf("killing task %s: the master has it %s, but it ended as %s (e.g. an ACCEPT that reached "
                            + "the master late)", taskId, state, known.task().state);
                    master.killUnknown(status);
                } else {
                    LOG.debugf("update %s for %s, which has ended already", state, taskId);
                }
            } else { // a live task's update, or a resend of the one that ended it (recorded, then never published)
                LaunchedTaskEntity task = known.task();
                reported.add(new UpdateReports.Update(status, MesosTaskFacts.toEvent(status, master.frameworkId(),
                        placements.of(task), task.agentId, urls.get(agentOf(status, task)))));
            }
        }
        List<Protos.TaskStatus> taken = fresh.stream().filter(StatusUpdates::hasUuid).toList();
        taken.forEach(status -> acknowledged.pending(status.getUuid()));
        publishing.handOver(new OrderedRuns.Item() {
            @Override
            public void run() {
                updates.publishAll(reported); // in order, one wait for the broker; published before any acknowledgement
                for (Protos.TaskStatus status : taken) {
                    master.acknowledge(status);
                    acknowledged.add(status.getUuid());
                }
                resent.forEach(master::acknowledge);
            }

            @Override
            public void skipped() {
                taken.forEach(status -> acknowledged.forget(status.getUuid())); // a resend is taken as new
            }
        });
    }

    /** Waits until every run handed over so far is published and acknowledged (or skipped after a failure). */
    public void published() {
        publishing.drain();
    }

    /**
     * Whether an update of a task that has ended says it lives on: then it is killed, as an unknown one
     * is, since monitor has placed its job again (it was reported LOST: a launch that reached the master
     * after the launcher gave it up, an agent that came back). Not one already being killed.
     */
    static boolean outlivedItsEnd(TaskState update) {
        return !update.isTerminal() && update != TaskState.KILLING;
    }

    /** The agent an update comes from (the one the task was launched on when the update names none). */
    private static String agentOf(Protos.TaskStatus status, LaunchedTaskEntity task) {
        return status.hasAgentId() ? status.getAgentId().getValue() : task.agentId;
    }

    private static boolean hasUuid(Protos.TaskStatus status) {
        return status.hasUuid() && !status.getUuid().isEmpty();
    }
}
