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
import java.net.http.HttpTimeoutException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.jboss.logging.Logger;

/**
 * Launch requests as ACCEPT calls, one per agent, each task claimed once (launches are idempotent;
 * the tasks of all the requests handled together are claimed in one transaction, before any call
 * is sent) and run as its team's Unix user. The ACCEPTs of the requests handled together are all
 * sent at once (a call naming an offer of an unanswered earlier one after it: {@link OfferOrder});
 * their answers are handled off the caller's thread (refused launches reported LOST, the offers
 * dropped; the tasks of an ACCEPT left unanswered past {@code call-timeout} reconciled instead, as the
 * master may have taken it), so the next requests are claimed and sent meanwhile. Calls that must not overtake a
 * launch wait for the answers first ({@link #awaitAnswers}).
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

    @Inject
    LaunchedPlacements placements;

    /** Answers to ACCEPTs are handled here, off the consumer's thread, so it reads the next requests meanwhile. */
    private final ExecutorService answers = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "mesos-launch-answers");
        t.setDaemon(true);
        return t;
    });
    private final Set<CompletableFuture<Void>> unanswered = ConcurrentHashMap.newKeySet();
    private final OfferOrder order = new OfferOrder();

    /** What becomes of an ACCEPT's tasks after its answer. */
    enum Outcome {
        /** The master took it: its updates follow. */
        TAKEN,
        /** Not sent or refused: the tasks never started, reported LOST ({@link TaskReasons#LAUNCH_NOT_SENT}). */
        LOST,
        /** Unanswered in time: the master may have taken it, so the tasks are reconciled ({@link #reconcile}). */
        RECONCILE
    }

    /** The outcome of an ACCEPT that failed with {@code failure} (null: answered 2xx). */
    static Outcome outcome(Throwable failure) {
        return failure == null ? Outcome.TAKEN : failure instanceof HttpTimeoutException ? Outcome.RECONCILE : Outcome.LOST;
    }

    /** One agent's tasks of one request: one ACCEPT. */
    private record Accept(LaunchRequested request, List<TaskPlacement> tasks, Call call) {
    }

    /**
     * One ACCEPT per agent and request, sent without awaiting the answers. A launch that cannot be
     * sent (not subscribed, master unreachable) or that the master refuses reports its tasks LOST
     * with a reason that says they never started ({@link TaskReasons#launchRefused}), so monitor
     * places the job's gang afresh at no cost. All or nothing up to the claim: when claiming throws,
     * nothing was claimed or sent.
     */
    public void launchAll(List<LaunchRequested> requests, String id, SchedulerConnection current) {
        List<LauncherStore.Claim> claims = new ArrayList<>();
        Map<String, TaskPlacement> byId = new LinkedHashMap<>();
        Map<String, LaunchRequested> requestOf = new HashMap<>();
        for (LaunchRequested request : requests) {
            for (TaskPlacement t : request.tasks()) {
                String taskId = t.taskId(request.jobId());
                if (byId.putIfAbsent(taskId, t) == null) {
                    requestOf.put(taskId, request);
                    claims.add(new LauncherStore.Claim(taskId, request.jobId(), t.taskName(), t.attempt(), t.agentId(),
                            null, EventCodec.json(t)));
                }
            }
        }
        Map<LaunchRequested, List<TaskPlacement>> fresh = new LinkedHashMap<>();
        for (LauncherStore.Claim c : store.claimAll(claims)) {
            placements.launched(c.taskId(), byId.get(c.taskId())); // its updates need not decode it again
            fresh.computeIfAbsent(requestOf.get(c.taskId()), r -> new ArrayList<>()).add(byId.get(c.taskId()));
        }
        if (fresh.isEmpty()) {
            return;
        }
        List<Accept> accepts = new ArrayList<>();
        fresh.forEach((request, tasks) -> {
            try {
                accepts.addAll(accepts(request, tasks, id));
            } catch (RuntimeException e) { // claimed already: reported, so one bad request strands no other's tasks
                LOG.errorf(e, "the launch of %s cannot be built", request.jobId());
                tasks.forEach(t -> lost(request.jobId(), t, TaskState.ERROR, "REASON_TASK_INVALID",
                        "the launch cannot be built: " + e));
            }
        });
        List<CompletableFuture<Void>> sent = id == null || current == null
                ? accepts.stream().map(a -> CompletableFuture.<Void>failedFuture(
                        new IOException("not subscribed to a Mesos master"))).toList()
                : order.send(accepts, a -> a.call().getAccept().getOfferIdsList().stream()
                        .map(o -> o.getValue()).toList(), a -> current.sendChecked(a.call()));
        List<String> offers = fresh.values().stream().flatMap(List::stream).flatMap(t -> t.offerIds().stream())
                .distinct().toList();
        CompletableFuture<Void> handled = CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new))
                .handle((ignored, error) -> null).thenRunAsync(() -> answered(accepts, sent, offers, id, current), answers);
        unanswered.add(handled);
        handled.whenComplete((ignored, error) -> unanswered.remove(handled));
    }

    /**
     * Waits until every ACCEPT sent so far was answered and its answer handled. For a call that must
     * not overtake a launch (a kill of a task being launched would find it unknown, and the launch
     * would then start it).
     */
    public void awaitAnswers() {
        CompletableFuture.allOf(unanswered.toArray(CompletableFuture[]::new)).handle((ignored, error) -> null).join();
    }

    /**
     * The master answered every ACCEPT of a batch (or left it unanswered): the tasks of refused ones are
     * LOST; those of an ACCEPT that timed out stay STAGING and are reconciled ({@link #reconcile}); the
     * offers are used up.
     */
    private void answered(List<Accept> accepts, List<CompletableFuture<Void>> sent, List<String> offers, String id,
                          SchedulerConnection current) {
        try {
            Map<String, String> unsure = new LinkedHashMap<>();
            for (int i = 0; i < accepts.size(); i++) {
                Throwable failure = failure(sent.get(i));
                Accept a = accepts.get(i);
                String jobId = a.request().jobId();
                Outcome outcome = outcome(failure);
                if (outcome == Outcome.RECONCILE) {
                    LOG.warnf("launching %d tasks of %s on agent %s: %s; reconciling them", a.tasks().size(), jobId,
                            a.tasks().get(0).agentId(), failure.getMessage());
                    a.tasks().forEach(t -> unsure.put(t.taskId(jobId), t.agentId()));
                } else if (outcome == Outcome.LOST) {
                    String why = failure instanceof IOException ? failure.getMessage() : String.valueOf(failure);
                    LOG.warnf("launching %d tasks of %s on agent %s failed: %s", a.tasks().size(), jobId,
                            a.tasks().get(0).agentId(), why);
                    a.tasks().forEach(t -> lost(jobId, t, TaskState.LOST, TaskReasons.LAUNCH_NOT_SENT,
                            "the launch could not be sent to the Mesos master: " + why));
                }
            }
            store.offersGone(offers);
            reconcile(unsure, id, current);
        } catch (RuntimeException e) {
            // the tasks stay STAGING; reconciliation reports a launch the master never took (TASK_LOST)
            LOG.errorf(e, "handling the answers to %d ACCEPTs failed", accepts.size());
        }
    }

    /** A request's ACCEPTs, one per agent (each agent's tasks stand or fall with its call); none when its secrets cannot be opened. */
    private List<Accept> accepts(LaunchRequested request, List<TaskPlacement> fresh, String id) {
        Map<String, List<MesosCalls.SecretValue>> secrets = new LinkedHashMap<>();
        try {
            List<TaskSecret> opened = opener.open(request.jobId(), request.secrets());
            List<MesosCalls.SecretValue> values = opened.stream().map(s -> new MesosCalls.SecretValue(s.env(), s.file(),
                    s.valueBytes())).toList();
            fresh.forEach(t -> secrets.put(t.taskName(), values));
        } catch (IllegalArgumentException e) {
            fresh.forEach(t -> lost(request.jobId(), t, TaskState.ERROR, "REASON_TASK_INVALID",
                    "a secret cannot be unsealed with this launcher's key"));
            return List.of();
        }
        double refuse = config.mesos().acceptRefuse().toMillis() / 1000.0;
        TaskPrelude.Settings prelude = new TaskPrelude.Settings(config.environments().cache(),
                config.environments().pipArgs().orElse(""));
        List<Accept> accepts = new ArrayList<>();
        for (List<TaskPlacement> onAgent : MesosCalls.byAgent(fresh).values()) {
            accepts.add(new Accept(request, onAgent, id == null ? null : MesosCalls.accept(id, request.jobId(), onAgent,
                    config.mesos().role(), secrets, refuse, TeamUsers.of(config), prelude)));
        }
        return accepts;
    }

    /**
     * The tasks of ACCEPTs the master did not answer in time: it may have taken them (an ACCEPT that
     * reaches it late is carried out while its offers are still outstanding), so reporting them LOST
     * could start a task twice once monitor places it again. They stay STAGING and the master says what
     * it knows of them (explicit reconciliation): their updates when it launched them, TASK_STAGING while
     * they are pending there, TASK_LOST (reported; monitor places them again) when it never got them. A
     * launch the master carries out after that TASK_LOST is killed on its first update ({@link
     * StatusUpdates}). When this reconciliation cannot be sent, the next subscription's reconciles them.
     */
    private static void reconcile(Map<String, String> tasks, String id, SchedulerConnection current) {
        if (tasks.isEmpty() || current == null) {
            return;
        }
        current.sendChecked(MesosCalls.reconcile(id, tasks)).whenComplete((ignored, error) -> {
            if (error != null) {
                LOG.warnf("reconciling %d tasks of unanswered ACCEPTs failed (the next subscription reconciles them): %s",
                        tasks.size(), error.getMessage());
            }
        });
    }

    /** Why a call was not taken (an {@link IOException} as a rule), or null when it was. */
    private static Throwable failure(CompletableFuture<Void> call) {
        try {
            call.get();
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new IOException("interrupted");
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }

    private void lost(String jobId, TaskPlacement task, TaskState state, String reason, String message) {
        store.state(task.taskId(jobId), state);
        reporter.task(TaskStatusChanged.of(jobId, task.taskName(), task.attempt(), task.taskId(jobId), state)
                .withReason(reason, message).placedAs(task));
    }

}
