package io.mesoflow.launcher.local;

import io.mesoflow.events.DeclineOfferRequested;
import io.mesoflow.events.EventCodec;
import io.mesoflow.events.KillTaskRequested;
import io.mesoflow.events.LaunchRequested;
import io.mesoflow.events.LaunchesRequestedTogether;
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
        launchShared(List.of(request));
    }

    /** The jobs placed to share one ACCEPT: as {@link #launch}, their tasks taking the offers in one go. */
    @Override
    public void launchTogether(LaunchesRequestedTogether together) {
        launchShared(together.launches());
    }

    /** One job's tasks claimed now, with its opened secrets. */
    private record Claimed(LaunchRequested request, List<TaskPlacement> tasks, List<TaskSecret> secrets) {
    }

    /**
     * The requests as one ACCEPT: every task claimed in one transaction, each job's secrets opened
     * for it (a job whose secrets cannot be opened ends in ERROR, the others go on), then ONE
     * consumption of every offer the tasks name ({@link OfferBook#accept}): all fit and start, or
     * all are LOST.
     */
    private void launchShared(List<LaunchRequested> requests) {
        long begin = System.nanoTime();
        List<LauncherStore.Claim> claims = requests.stream().flatMap(request -> request.tasks().stream()
                .map(task -> new LauncherStore.Claim(task.taskId(request.jobId()), request.jobId(), task.taskName(),
                        task.attempt(), task.agentId(), sandboxOf(request.jobId(), task).toString(),
                        EventCodec.json(task)))).toList();
        java.util.Set<String> claimed = store.claimAll(claims).stream().map(LauncherStore.Claim::taskId)
                .collect(java.util.stream.Collectors.toSet());
        List<Claimed> jobs = new ArrayList<>();
        List<TaskPlacement> unopened = new ArrayList<>();
        for (LaunchRequested request : requests) {
            List<TaskPlacement> fresh = request.tasks().stream()
                    .filter(t -> claimed.remove(t.taskId(request.jobId()))).toList();
            if (fresh.isEmpty()) {
                continue;
            }
            try {
                jobs.add(new Claimed(request, fresh, opener.open(request.jobId(), request.secrets())));
            } catch (IllegalArgumentException e) {
                unopened.addAll(fresh);
                fresh.forEach(task -> reports.refused(request.jobId(), task, TaskState.ERROR, "REASON_TASK_INVALID",
                        "a secret cannot be unsealed with this launcher's key: " + e.getMessage()));
            }
        }
        if (jobs.isEmpty()) {
            if (!unopened.isEmpty()) {
                offers.giveBack(unopened);
            }
            return;
        }
        long claimedAt = System.nanoTime();
        List<TaskPlacement> fresh = jobs.stream().flatMap(j -> j.tasks().stream()).toList();
        OfferLedger.Allocation allocation = offers.accept(fresh);
        if (!unopened.isEmpty()) {
            offers.giveBack(unopened); // offers only they named: the others' ACCEPT used the shared ones
        }
        if (LOG.isDebugEnabled()) {
            LOG.debugf("launch of %s: claimed %d tasks in %d ms, accepted their offers in %d ms",
                    jobs.stream().map(j -> j.request().jobId()).toList(), fresh.size(),
                    (claimedAt - begin) / 1_000_000, (System.nanoTime() - claimedAt) / 1_000_000);
        }
        if (allocation instanceof OfferLedger.Refused refused) {
            jobs.forEach(j -> j.tasks().forEach(task -> reports.refused(j.request().jobId(), task, TaskState.LOST,
                    refused.reason(), refused.message())));
            return;
        }
        List<ResourcePool.Slice> slices = ((OfferLedger.Allocated) allocation).slices();
        List<LocalTask> tasks = new ArrayList<>();
        int i = 0;
        for (Claimed job : jobs) {
            for (TaskPlacement task : job.tasks()) {
                tasks.add(LocalTask.launched(task, job.request().jobId(), sandboxOf(job.request().jobId(), task),
                        slices.get(i++), job.secrets()));
            }
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

    @Override
    public void suppress() {
        offers.suppress();
    }

    Path sandboxOf(String jobId, TaskPlacement task) {
        return Path.of(config.local().workDir()).toAbsolutePath()
                .resolve(jobId).resolve(task.taskName()).resolve(String.valueOf(task.attempt()));
    }
}
