package io.mesoflow.launcher.mesos;

import io.mesoflow.events.EventCodec;
import io.mesoflow.events.LaunchRequested;
import io.mesoflow.events.TaskPlacement;
import io.mesoflow.events.TaskReasons;
import io.mesoflow.events.TaskState;
import io.mesoflow.events.TaskStatusChanged;
import io.mesoflow.launcher.LauncherConfig;
import io.mesoflow.launcher.TeamUsers;
import io.mesoflow.launcher.secrets.SecretOpener;
import io.mesoflow.launcher.secrets.TaskSecret;
import io.mesoflow.launcher.store.LauncherStore;
import io.mesoflow.launcher.store.StatusReporter;
import io.mesoflow.launcher.task.TaskPrelude;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Launch requests as ACCEPT calls, one per agent, each task claimed once (launches are idempotent)
 * and run as its team's Unix user.
 */
@ApplicationScoped
public class MesosLaunches {
    private static final Logger LOG = Logger.getLogger(MesosLaunches.class);

    @Inject
    LauncherConfig config;

    @Inject
    LauncherStore store;

    @Inject
    StatusReporter reporter;

    @Inject
    SecretOpener opener;

    /**
     * One ACCEPT per agent. A launch that cannot be sent (not subscribed, master unreachable) or
     * that the master refuses reports its tasks LOST with a reason that says they never started
     * ({@link TaskReasons#launchRefused}), so monitor places the job's gang afresh at no cost.
     */
    public void launch(LaunchRequested request, String id, SchedulerConnection current) {
        List<TaskPlacement> fresh = request.tasks().stream()
                .filter(t -> store.claim(t.taskId(request.jobId()), request.jobId(), t.taskName(), t.attempt(),
                        t.agentId(), null, EventCodec.json(t)))
                .toList();
        if (fresh.isEmpty()) {
            return;
        }
        Map<String, List<MesosCalls.SecretValue>> secrets = new LinkedHashMap<>();
        try {
            List<TaskSecret> opened = opener.open(request.jobId(), request.secrets());
            List<MesosCalls.SecretValue> values = opened.stream().map(s -> new MesosCalls.SecretValue(s.env(), s.file(),
                    s.valueBytes())).toList();
            fresh.forEach(t -> secrets.put(t.taskName(), values));
        } catch (IllegalArgumentException e) {
            fresh.forEach(t -> lost(request.jobId(), t, TaskState.ERROR, "REASON_TASK_INVALID",
                    "a secret cannot be unsealed with this launcher's key"));
            return;
        }
        double refuse = config.mesos().acceptRefuse().toMillis() / 1000.0;
        for (List<TaskPlacement> onAgent : MesosCalls.byAgent(fresh).values()) {
            try {
                if (id == null || current == null) {
                    throw new IOException("not subscribed to a Mesos master");
                }
                current.send(MesosCalls.accept(id, request.jobId(), onAgent, config.mesos().role(), secrets, refuse,
                        TeamUsers.of(config), new TaskPrelude.Settings(config.environments().cache(),
                                config.environments().pipArgs().orElse(""))));
            } catch (IOException e) {
                LOG.warnf("launching %d tasks of %s on agent %s failed: %s", onAgent.size(), request.jobId(),
                        onAgent.get(0).agentId(), e.getMessage());
                onAgent.forEach(t -> lost(request.jobId(), t, TaskState.LOST, TaskReasons.LAUNCH_NOT_SENT,
                        "the launch could not be sent to the Mesos master: " + e.getMessage()));
            }
            onAgent.forEach(t -> t.offerIds().forEach(store::offerGone));
        }
    }

    private void lost(String jobId, TaskPlacement task, TaskState state, String reason, String message) {
        store.state(task.taskId(jobId), state);
        reporter.task(TaskStatusChanged.of(jobId, task.taskName(), task.attempt(), task.taskId(jobId), state)
                .withReason(reason, message).placedAs(task));
    }

}
