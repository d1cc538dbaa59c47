package io.mesoflow.launcher.mesos;

import io.mesoflow.events.DeclineOfferRequested;
import io.mesoflow.events.KillTaskRequested;
import io.mesoflow.events.LaunchRequested;
import io.mesoflow.events.LaunchesRequestedTogether;
import io.mesoflow.events.OfferRescinded;
import io.mesoflow.events.TaskState;
import io.mesoflow.launcher.ClusterBackend;
import io.mesoflow.launcher.LauncherConfig;
import io.mesoflow.launcher.store.LaunchedTaskEntity;
import io.mesoflow.launcher.store.LauncherStore;
import io.mesoflow.launcher.store.OutstandingOfferEntity;
import io.mesoflow.launcher.store.StatusReporter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.jboss.logging.Logger;

/**
 * The launcher as a Mesos framework ({@code mesoflow.launcher.backend=mesos}): offers from the
 * master become {@code OfferMade}, launch requests become ACCEPT calls (one LAUNCH_GROUP per task,
 * secrets as Mesos {@code Secret} values), kills, declines and revives become their calls, and
 * status updates become {@code TaskStatusChanged} with the task's agent, address, resources, sandbox and
 * readiness ({@link MesosTaskFacts}, published by {@link UpdateReports}), acknowledged (each uuid once;
 * the updates the stream has ready together are handled as one run, {@link StatusUpdates}, and so
 * are its offers, {@link OfferReports}).
 * A job's tasks on several agents are launched with one ACCEPT per agent (the master refuses offers of
 * several agents in one). After every (re)subscription the launcher's unfinished tasks are reconciled
 * explicitly, all tasks implicitly on a timer; a task the master runs that MesoFlow does not know is
 * killed. A kill is sent again until its task ends ({@link KillRetries}: Mesos delivers a KILL at most
 * once), and every such kill at once after each subscription. Before the first subscription nothing is
 * sent: kills wait for it, declines are void (offers die with their subscription), suppress/revive are
 * kept ({@link SuppressionStore}) for the SUBSCRIBE.
 */
@ApplicationScoped
public class MesosBackend implements ClusterBackend, SchedulerConnection.Listener {
    private static final Logger LOG = Logger.getLogger(MesosBackend.class);

    @Inject
    LauncherConfig config;

    @Inject
    LauncherStore store;

    @Inject
    StatusReporter reporter;

    @Inject
    MesosLaunches launches;

    @Inject
    FrameworkIdStore frameworkIds;

    @Inject
    SuppressionStore suppression;

    @Inject
    StatusUpdates statusUpdates;

    @Inject
    OfferReports offers;

    @Inject
    LaunchedPlacements placements;

    private volatile String frameworkId;
    private volatile SchedulerConnection connection;
    private ScheduledExecutorService reconciler;
    private KillRetries kills;

    @jakarta.annotation.PostConstruct
    void init() {
        kills = new KillRetries(config.mesos().killRetryInitial(), config.mesos().killRetryMax());
    }

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
                mesos.missedHeartbeats(), mesos.reconnectInitial(), mesos.reconnectMax(), mesos.callsInFlight(),
                mesos.callTimeout(), mesos.acknowledgementsInFlight(), mesos.acknowledgementsWaiting()), this);
        connection.start();
        reconciler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mesos-reconcile");
            t.setDaemon(true);
            return t;
        });
        long every = mesos.reconcileInterval().toMillis();
        reconciler.scheduleWithFixedDelay(() -> send(() -> MesosCalls.reconcile(frameworkId, Map.of()),
                "implicit reconcile"), every, every, TimeUnit.MILLISECONDS);
        long killCheck = Math.max(1, Math.min(1_000, mesos.killRetryInitial().toMillis()));
        reconciler.scheduleWithFixedDelay(this::retryKills, killCheck, killCheck, TimeUnit.MILLISECONDS);
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

    /** The connection to the master while this launcher leads. */
    public Optional<SchedulerConnection> connection() {
        return Optional.ofNullable(connection);
    }

    @Override
    public Call subscribeCall() {
        LauncherConfig.Mesos mesos = config.mesos();
        return MesosCalls.subscribe(new MesosCalls.Framework(mesos.frameworkName(), mesos.user(), mesos.role(),
                mesos.principal().orElse(null), mesos.failoverTimeout().toSeconds(), mesos.gpus()),
                Optional.ofNullable(frameworkId), suppression.suppressed(mesos.role()));
    }

    @Override // events in order; each run of consecutive updates, and of consecutive offers, handled together
    public void onEvents(List<Event> events) {
        for (EventRuns.Run run : EventRuns.of(events)) {
            if (run instanceof EventRuns.Updates u) {
                statusUpdates.handle(u.statuses(), master);
            } else if (run instanceof EventRuns.Offers o) {
                offers.offered(o.offers());
            } else if (run instanceof EventRuns.Single single) {
                onEvent(single.event());
            }
        }
    }

    @Override
    public void onEvent(Event event) {
        switch (event.getType()) {
            case SUBSCRIBED -> subscribed(event.getSubscribed());
            case OFFERS -> offers.offered(event.getOffers().getOffersList());
            case RESCIND -> rescinded(event.getRescind().getOfferId().getValue());
            case UPDATE -> statusUpdates.handle(List.of(event.getUpdate().getStatus()), master);
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
            rescinded(offer.offerId); // offers of an earlier subscription are void
        }
        if (!unfinished.isEmpty()) {
            send(() -> MesosCalls.reconcile(id, unfinished), "explicit reconcile");
        }
        for (KillTaskRequested kill : kills.all(Instant.now(), ids -> unfinished.keySet())) { // read above
            sendKill(kill, "kill, again after subscribing");
        }
    }

    /** Sends again each kill that is due and whose task has not ended ({@link KillRetries}). */
    private void retryKills() {
        try {
            for (KillTaskRequested kill : kills.due(Instant.now(), store::unfinishedAmong)) {
                LOG.infof("task %s has not ended since it was asked to be killed: sending the kill again", kill.taskId());
                sendKill(kill, "kill, again");
            }
        } catch (RuntimeException e) { // the timer's next run tries again; an exception would cancel it
            LOG.warnf(e, "sending kills again failed");
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
        statusUpdates.published(); // its LOSTs go after the statuses recorded before it, not ahead of them
        for (LaunchedTaskEntity task : store.unfinished()) {
            if (agent.equals(task.agentId)) {
                store.state(task.taskId, TaskState.LOST);
                reporter.task(MesosTaskFacts.agentLost(task.taskId, agent, placements.of(task)));
            }
        }
    }

    private void rescinded(String offerId) {
        String agent = store.outstandingOffers().stream().filter(o -> o.offerId.equals(offerId))
                .map(o -> o.agentId).findFirst().orElse("unknown");
        store.offerGone(offerId);
        reporter.rescind(new OfferRescinded(offerId, agent, "rescinded by the Mesos master"));
    }

    /** Kills of unknown tasks and acknowledgements, for {@link StatusUpdates}. */
    private final StatusUpdates.Master master = new StatusUpdates.Master() {
        @Override
        public void killUnknown(Protos.TaskStatus status) {
            String taskId = status.getTaskId().getValue();
            send(() -> MesosCalls.kill(frameworkId, taskId, status.hasAgentId() ? status.getAgentId().getValue()
                    : null), "kill of an unknown task");
        }

        /** Not awaited: the update is published (or on its way), and a lost acknowledgement brings a resend. */
        @Override
        public void acknowledge(Protos.TaskStatus status) {
            SchedulerConnection current = connection;
            if (current != null && frameworkId != null) {
                current.sendAcknowledgement(MesosCalls.acknowledge(frameworkId, status));
            }
        }

        @Override
        public String frameworkId() {
            return frameworkId;
        }
    };

    @Override
    public void launch(LaunchRequested request) {
        launchAll(List.of(request));
    }

    /** Claimed in one transaction, their ACCEPTs all on their way at once ({@link MesosLaunches#launchAll}). */
    @Override
    public void launchAll(List<LaunchRequested> requests) {
        launches.launchAll(requests, frameworkId, connection);
    }

    /** One ACCEPT call with every job's operations ({@link MesosLaunches#launchTogether}). */
    @Override
    public void launchTogether(LaunchesRequestedTogether together) {
        launches.launchTogether(together.launches(), frameworkId, connection);
    }

    /**
     * Sent now when subscribed, and again after the next SUBSCRIBED and whenever it is due while the task
     * lives on ({@link KillRetries}).
     */
    @Override
    public void kill(KillTaskRequested request) {
        sendKill(request, "kill");
        kills.asked(request, Instant.now());
    }

    private void sendKill(KillTaskRequested request, String what) {
        send(() -> MesosCalls.kill(frameworkId, request.taskId(), request.agentId(), request.gracePeriodSeconds()),
                what);
    }

    /** Offers belong to one subscription: without one, the offer is void and there is nothing to decline. */
    @Override
    public void decline(DeclineOfferRequested request) {
        send(() -> MesosCalls.decline(frameworkId, List.of(request.offerId()), request.refuseSeconds()), "decline");
        store.offerGone(request.offerId());
    }

    /** Kept, and sent when subscribed (a SUBSCRIBE without suppressed roles revives too). */
    @Override
    public void revive() {
        suppression.set(config.mesos().role(), false);
        send(() -> MesosCalls.revive(frameworkId, config.mesos().role()), "revive");
    }

    /** Kept, so every later SUBSCRIBE names the role suppressed, and sent when subscribed. */
    @Override
    public void suppress() {
        suppression.set(config.mesos().role(), true);
        send(() -> MesosCalls.suppress(frameworkId, config.mesos().role()), "suppress");
    }

    /** Sends a call on the current subscription, after the answers to launches sent before it; false when there is none or the master did not take it. */
    private boolean send(Supplier<Call> call, String what) {
        launches.awaitAnswers(); // why: a kill must not overtake the launch of its task (the master would not know it yet)
        SchedulerConnection current = connection;
        if (frameworkId == null || current == null || !current.subscribed()) {
            LOG.debugf("%s not sent: not subscribed to a Mesos master", what);
            return false;
        }
        try {
            current.send(call.get());
            return true;
        } catch (IOException e) {
            LOG.warnf("%s failed: %s", what, e.getMessage());
            return false;
        }
    }
}
