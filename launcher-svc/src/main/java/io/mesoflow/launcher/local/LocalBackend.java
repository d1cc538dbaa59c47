package io.mesoflow.launcher.local;

import io.mesoflow.events.DeclineOfferRequested;
import io.mesoflow.events.EventCodec;
import io.mesoflow.events.KillTaskRequested;
import io.mesoflow.events.LaunchRequested;
import io.mesoflow.events.TaskPlacement;
import io.mesoflow.events.TaskState;
import io.mesoflow.launcher.ClusterBackend;
import io.mesoflow.launcher.LauncherConfig;
import io.mesoflow.launcher.secrets.SecretOpener;
import io.mesoflow.launcher.secrets.TaskSecret;
import io.mesoflow.launcher.store.LauncherStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The embedded default backend: this host as one agent. Its resources are offered as a Mesos
 * master offers an agent's ({@link OfferBook}); each task is a process group ({@link ProcessRunner});
 * a new leader first takes on what the last one left ({@link TaskAdopter}). This class only claims
 * launches and hands each request to the part that carries it out.
 */
@ApplicationScoped
public class LocalBackend implements ClusterBackend {
    private static final Logger LOG = Logger.getLogger(LocalBackend.class);

    @Inject
    LauncherConfig config;

    @Inject
    LauncherStore store;

    @Inject
    SecretOpener opener;

    @Inject
    OfferBook offers;

    @Inject
    ProcessRunner runner;

    @Inject
    TaskAdopter adopter;

    @Inject
    TaskReports reports;

    /** The agent's resources, less what adopted tasks hold, are offered from now on. */
    @Override
    public synchronized void takeOver() {
        LauncherConfig.Local local = config.local();
        ResourcePool pool = ResourcePool.ofThisHost(local);
        LOG.infof("local agent %s on %s: %s", local.agentId(), local.hostname(), pool.free());
        offers.open(pool);
        List<TaskAdopter.Adoptable> adoptable = adopter.recover();
        for (TaskAdopter.Adoptable task : adoptable) {
            ResourcePool.Slice slice = offers.reserve(task.placement().resources(), task.placement().ports(),
                    task.gpus());
            runner.adopt(LocalTask.adopted(task.placement(), task.jobId(), task.sandbox(), slice, task.pid(),
                    task.started()));
        }
        LOG.infof("adopted %d running tasks", adoptable.size());
        offers.start();
        runner.open();
    }

    /** Stops offering and forgets every task and offer; the processes run on for the next leader. */
    @Override
    public synchronized void stepDown() {
        offers.close();
        runner.close();
    }

    @Override
    public void shutDown() {
        if (config.local().killTasksOnStop()) {
            runner.killAll();
        }
        stepDown();
    }

    /**
     * Claims each task once (all in one transaction), opens the job's secrets, takes the offers the tasks name and starts them.
     * A secret that cannot be opened ends the tasks in ERROR; offers that are gone or too small, LOST.
     */
    @Override
    public void launch(LaunchRequested request) {
        long begin = System.nanoTime();
        List<LauncherStore.Claim> claims = request.tasks().stream().map(task -> new LauncherStore.Claim(
                task.taskId(request.jobId()), request.jobId(), task.taskName(), task.attempt(), task.agentId(),
                sandboxOf(request.jobId(), task).toString(), EventCodec.json(task))).toList();
        java.util.Set<String> claimed = store.claimAll(claims).stream().map(LauncherStore.Claim::taskId)
                .collect(java.util.stream.Collectors.toSet());
        List<TaskPlacement> fresh = request.tasks().stream().filter(t -> claimed.contains(t.taskId(request.jobId())))
                .toList();
        if (fresh.isEmpty()) {
            return;
        }
        List<TaskSecret> secrets;
        try {
            secrets = opener.open(request.jobId(), request.secrets());
        } catch (IllegalArgumentException e) {
            offers.giveBack(fresh);
            fresh.forEach(task -> reports.refused(request.jobId(), task, TaskState.ERROR, "REASON_TASK_INVALID",
                    "a secret cannot be unsealed with this launcher's key: " + e.getMessage()));
            return;
        }
        long claimedAt = System.nanoTime();
        OfferLedger.Allocation allocation = offers.accept(fresh);
        if (LOG.isDebugEnabled()) {
            LOG.debugf("launch of %s: claimed %d tasks in %d ms, accepted their offers in %d ms", request.jobId(),
                    fresh.size(), (claimedAt - begin) / 1_000_000, (System.nanoTime() - claimedAt) / 1_000_000);
        }
        if (allocation instanceof OfferLedger.Refused refused) {
            fresh.forEach(task -> reports.refused(request.jobId(), task, TaskState.LOST, refused.reason(),
                    refused.message()));
            return;
        }
        List<ResourcePool.Slice> slices = ((OfferLedger.Allocated) allocation).slices();
        List<LocalTask> tasks = new ArrayList<>();
        for (int i = 0; i < fresh.size(); i++) {
            TaskPlacement task = fresh.get(i);
            tasks.add(LocalTask.launched(task, request.jobId(), sandboxOf(request.jobId(), task), slices.get(i),
                    secrets));
        }
        runner.startAll(tasks);
    }

    @Override
    public void kill(KillTaskRequested request) {
        runner.kill(request.taskId(), request.gracePeriodSeconds(), request.preemptionNotice());
    }

    @Override
    public void decline(DeclineOfferRequested request) {
        offers.decline(request);
    }

    @Override
    public void revive() {
        offers.revive();
    }

    Path sandboxOf(String jobId, TaskPlacement task) {
        return Path.of(config.local().workDir()).toAbsolutePath()
                .resolve(jobId).resolve(task.taskName()).resolve(String.valueOf(task.attempt()));
    }
}
