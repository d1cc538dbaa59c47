package io.mesoflow.launcher.mesos;

import com.google.protobuf.ByteString;
import io.mesoflow.events.DeclineOfferRequested;
import io.mesoflow.events.KillTaskRequested;
import io.mesoflow.events.LaunchRequested;
import io.mesoflow.events.OfferRescinded;
import io.mesoflow.events.TaskPlacement;
import io.mesoflow.events.TaskState;
import io.mesoflow.events.TaskStatusChanged;
import io.mesoflow.launcher.ClusterBackend;
import io.mesoflow.launcher.LauncherConfig;
import io.mesoflow.launcher.app.LaunchedTaskEntity;
import io.mesoflow.launcher.app.LauncherStore;
import io.mesoflow.launcher.app.OutstandingOfferEntity;
import io.mesoflow.launcher.app.StatusReporter;
import io.mesoflow.launcher.local.SecretOpener;
import io.mesoflow.launcher.local.TaskSecret;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.jboss.logging.Logger;

/**
 * The launcher as a Mesos framework ({@code mesoflow.launcher.backend=mesos}): offers from the
 * master become {@code OfferMade}, launch requests become ACCEPT calls (one LAUNCH_GROUP per task,
 * secrets as Mesos {@code Secret} values), kills, declines and revives become their calls, and
 * status updates become {@code TaskStatusChanged} and are acknowledged (each uuid once). After
 * every (re)subscription the launcher's unfinished tasks are reconciled explicitly, and all tasks
 * implicitly on a timer; a task the master reports that MesoFlow does not know is killed.
 */
@ApplicationScoped
public class MesosBackend implements ClusterBackend, SchedulerConnection.Listener {
    private static final Logger LOG = Logger.getLogger(MesosBackend.class);
    private static final double ACCEPT_REFUSE_SECONDS = 5;

    @Inject
    LauncherConfig config;

    @Inject
    LauncherStore store;

    @Inject
    StatusReporter reporter;

    @Inject
    SecretOpener opener;

    @Inject
    FrameworkIdStore frameworkIds;

    private volatile String frameworkId;
    private SchedulerConnection connection;
    private ScheduledExecutorService reconciler;
    private final Set<ByteString> acknowledged = Collections.newSetFromMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<ByteString, Boolean> eldest) {
            return size() > 100_000;
        }
    });

    /**
     * Subscribes as the framework (the id the last leader stored, so the master keeps its tasks),
     * which reconciles every known task; Mesos itself fences the old leader's stream.
     */
    @Override
    public synchronized void takeOver() {
        LauncherConfig.Mesos mesos = config.mesos();
        frameworkId = frameworkIds.load(mesos.frameworkName()).orElse(null);
        Optional<String> basic = mesos.secret().map(s -> mesos.principal().orElse(mesos.frameworkName()) + ":" + s);
        connection = new SchedulerConnection(new SchedulerConnection.Settings(URI.create(mesos.master()), basic,
                mesos.missedHeartbeats(), mesos.reconnectInitial(), mesos.reconnectMax()), this);
        connection.start();
        reconciler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mesos-reconcile");
            t.setDaemon(true);
            return t;
        });
        long every = mesos.reconcileInterval().toMillis();
        reconciler.scheduleWithFixedDelay(() -> send(MesosCalls.reconcile(frameworkId, Map.of()), "implicit reconcile"),
                every, every, TimeUnit.MILLISECONDS);
        LOG.infof("subscribing to Mesos at %s as %s (framework id %s)", mesos.master(), mesos.frameworkName(),
                frameworkId == null ? "new" : frameworkId);
    }

    @Override
    public synchronized void stepDown() {
        if (connection != null) {
            connection.close();
            reconciler.shutdownNow();
            connection = null;
        }
    }

    /** For tests that play a launcher restart: the next start reads the framework id from the database. */
    void forgetFrameworkId() {
        frameworkId = null;
    }

    @Override
    public Call subscribeCall() {
        LauncherConfig.Mesos mesos = config.mesos();
        return MesosCalls.subscribe(new MesosCalls.Framework(mesos.frameworkName(), mesos.user(), mesos.role(),
                mesos.principal().orElse(null), mesos.failoverTimeout().toSeconds(), mesos.gpus()),
                Optional.ofNullable(frameworkId));
    }

    @Override
    public void onEvent(Event event) {
        switch (event.getType()) {
            case SUBSCRIBED -> subscribed(event.getSubscribed());
            case OFFERS -> event.getOffers().getOffersList().forEach(this::offered);
            case RESCIND -> rescinded(event.getRescind().getOfferId().getValue());
            case UPDATE -> update(event.getUpdate().getStatus());
            case FAILURE -> agentFailed(event.getFailure());
            case ERROR -> LOG.errorf("the Mesos master sent ERROR: %s", event.getError().getMessage());
            default -> {
            }
        }
    }

    private void subscribed(Event.Subscribed subscribed) {
        String id = subscribed.getFrameworkId().getValue();
        if (!id.equals(frameworkId)) {
            frameworkIds.save(config.mesos().frameworkName(), id);
            frameworkId = id;
        }
        LOG.infof("subscribed to Mesos as framework %s", id);
        Map<String, String> unfinished = new LinkedHashMap<>();
        for (LaunchedTaskEntity task : store.unfinished()) {
            unfinished.put(task.taskId, task.agentId);
        }
        for (OutstandingOfferEntity offer : store.outstandingOffers()) {
            // offers of an earlier subscription are void
            rescinded(offer.offerId);
        }
        if (!unfinished.isEmpty()) {
            send(MesosCalls.reconcile(id, unfinished), "explicit reconcile");
        }
    }

    /**
     * An agent was removed (no executor named): every unfinished task of ours on it is reported
     * lost, so monitor relaunches it; the master's own TASK_LOST updates, if they follow, find the
     * task already ended.
     */
    private void agentFailed(Event.Failure failure) {
        if (failure.hasExecutorId() || !failure.hasAgentId()) {
            return;
        }
        String agent = failure.getAgentId().getValue();
        LOG.warnf("Mesos reports agent %s lost", agent);
        for (LaunchedTaskEntity task : store.unfinished()) {
            if (agent.equals(task.agentId)) {
                store.state(task.taskId, TaskState.LOST);
                reporter.task(new TaskStatusChanged(task.jobId, task.taskName, task.attempt, task.taskId, TaskState.LOST,
                        "REASON_AGENT_REMOVED", "agent " + agent + " was lost", null, agent, null, List.of(), null, null,
                        Instant.now()));
            }
        }
    }

    private void offered(Protos.Offer offer) {
        store.offerMade(offer.getId().getValue(), offer.getAgentId().getValue());
        reporter.offer(OfferTranslator.toOfferMade(offer, Instant.now()));
    }

    private void rescinded(String offerId) {
        String agent = store.outstandingOffers().stream().filter(o -> o.offerId.equals(offerId))
                .map(o -> o.agentId).findFirst().orElse("unknown");
        store.offerGone(offerId);
        reporter.rescind(new OfferRescinded(offerId, agent, "rescinded by the Mesos master"));
    }

    private void update(Protos.TaskStatus status) {
        boolean hasUuid = status.hasUuid() && !status.getUuid().isEmpty();
        synchronized (acknowledged) {
            if (hasUuid && acknowledged.contains(status.getUuid())) {
                return;
            }
        }
        String taskId = status.getTaskId().getValue();
        LaunchedTaskEntity known = MesosTaskIds.isMesoflow(taskId) ? store.find(taskId) : null;
        StatusMapping.Mapped mapped = StatusMapping.map(status);
        if (known == null) {
            if (!mapped.state().isTerminal()) {
                LOG.warnf("killing task %s: the master runs it but MesoFlow does not know it", taskId);
                send(MesosCalls.kill(frameworkId, taskId, status.hasAgentId() ? status.getAgentId().getValue() : null),
                        "kill of an unknown task");
            }
        } else if (isEnded(known)) {
            LOG.debugf("update %s for %s, which has ended already", mapped.state(), taskId);
        } else {
            store.state(taskId, mapped.state());
            MesosTaskIds ids = MesosTaskIds.parse(taskId);
            reporter.task(new TaskStatusChanged(ids.jobId(), ids.taskName(), ids.attempt(), taskId, mapped.state(),
                    mapped.reason(), mapped.message(), mapped.exitCode(),
                    status.hasAgentId() ? status.getAgentId().getValue() : known.agentId, null, List.of(), null, null,
                    status.hasTimestamp() ? Instant.ofEpochMilli((long) (status.getTimestamp() * 1000)) : Instant.now()));
        }
        if (hasUuid) {
            send(MesosCalls.acknowledge(frameworkId, status), "acknowledge");
            synchronized (acknowledged) {
                acknowledged.add(status.getUuid());
            }
        }
    }

    private static boolean isEnded(LaunchedTaskEntity task) {
        return task.state != null && TaskState.valueOf(task.state).isTerminal();
    }

    @Override
    public void launch(LaunchRequested request) {
        List<TaskPlacement> fresh = request.tasks().stream()
                .filter(t -> store.claim(t.taskId(request.jobId()), request.jobId(), t.taskName(), t.attempt(),
                        t.agentId(), null, null))
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
        try {
            connection.send(MesosCalls.accept(frameworkId, request.jobId(), fresh, config.mesos().role(), secrets,
                    ACCEPT_REFUSE_SECONDS));
            fresh.forEach(t -> t.offerIds().forEach(store::offerGone));
        } catch (IOException e) {
            LOG.warnf("launching %d tasks of %s failed: %s", fresh.size(), request.jobId(), e.getMessage());
            fresh.forEach(t -> lost(request.jobId(), t, TaskState.LOST, "REASON_MASTER_DISCONNECTED", e.getMessage()));
        }
    }

    private void lost(String jobId, TaskPlacement task, TaskState state, String reason, String message) {
        store.state(task.taskId(jobId), state);
        reporter.task(new TaskStatusChanged(jobId, task.taskName(), task.attempt(), task.taskId(jobId), state, reason,
                message, null, task.agentId(), task.hostname(), task.ports(), null, task.resources(), Instant.now()));
    }

    @Override
    public void kill(KillTaskRequested request) {
        send(MesosCalls.kill(frameworkId, request.taskId(), request.agentId()), "kill");
    }

    @Override
    public void decline(DeclineOfferRequested request) {
        send(MesosCalls.decline(frameworkId, List.of(request.offerId()), request.refuseSeconds()), "decline");
        store.offerGone(request.offerId());
    }

    @Override
    public void revive() {
        send(MesosCalls.revive(frameworkId, config.mesos().role()), "revive");
    }

    @Override
    public void suppress() {
        send(MesosCalls.suppress(frameworkId, config.mesos().role()), "suppress");
    }

    private void send(Call call, String what) {
        if (frameworkId == null || connection == null) {
            LOG.debugf("%s skipped: not subscribed yet", what);
            return;
        }
        try {
            connection.send(call);
        } catch (IOException e) {
            LOG.warnf("%s failed: %s", what, e.getMessage());
        }
    }
}
