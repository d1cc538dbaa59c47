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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.jboss.logging.Logger;

/**
 * Launch requests as ACCEPT calls, one per agent, each task claimed once (launches are idempotent;
 * a request's tasks are claimed in one transaction) and run as its team's Unix user. The ACCEPTs of
 * one request are sent at once and then awaited.
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
        Map<String, TaskPlacement> byId = new LinkedHashMap<>();
        request.tasks().forEach(t -> byId.putIfAbsent(t.taskId(request.jobId()), t));
        List<TaskPlacement> fresh = store.claimAll(byId.values().stream().map(t -> new LauncherStore.Claim(
                        t.taskId(request.jobId()), request.jobId(), t.taskName(), t.attempt(), t.agentId(), null,
                        EventCodec.json(t))).toList())
                .stream().map(c -> byId.get(c.taskId())).toList();
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
        // one ACCEPT per agent, all on their way at once; each agent's tasks stand or fall with its call
        Map<List<TaskPlacement>, CompletableFuture<Void>> accepts = new LinkedHashMap<>();
        for (List<TaskPlacement> onAgent : MesosCalls.byAgent(fresh).values()) {
            accepts.put(onAgent, id == null || current == null
                    ? CompletableFuture.failedFuture(new IOException("not subscribed to a Mesos master"))
                    : current.sendChecked(MesosCalls.accept(id, request.jobId(), onAgent, config.mesos().role(),
                            secrets, refuse, TeamUsers.of(config), new TaskPrelude.Settings(
                                    config.environments().cache(), config.environments().pipArgs().orElse("")))));
        }
        accepts.forEach((onAgent, accepted) -> {
            String failure = failure(accepted);
            if (failure != null) {
                LOG.warnf("launching %d tasks of %s on agent %s failed: %s", onAgent.size(), request.jobId(),
                        onAgent.get(0).agentId(), failure);
                onAgent.forEach(t -> lost(request.jobId(), t, TaskState.LOST, TaskReasons.LAUNCH_NOT_SENT,
                        "the launch could not be sent to the Mesos master: " + failure));
            }
        });
        store.offersGone(fresh.stream().flatMap(t -> t.offerIds().stream()).distinct().toList());
    }

    /** Why a call was not taken, or null when it was. */
    private static String failure(CompletableFuture<Void> call) {
        try {
            call.get();
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } catch (ExecutionException e) {
            return e.getCause() instanceof IOException ? e.getCause().getMessage() : String.valueOf(e.getCause());
        }
    }

    private void lost(String jobId, TaskPlacement task, TaskState state, String reason, String message) {
        store.state(task.taskId(jobId), state);
        reporter.task(TaskStatusChanged.of(jobId, task.taskName(), task.attempt(), task.taskId(jobId), state)
                .withReason(reason, message).placedAs(task));
    }

}
