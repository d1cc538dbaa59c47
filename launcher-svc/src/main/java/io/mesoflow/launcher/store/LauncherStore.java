package io.mesoflow.launcher.store;

import io.mesoflow.events.TaskState;
import io.mesoflow.launcher.leader.LeaderElector;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The launcher's durable memory: which tasks it launched (and their processes), which offers are out. */
@ApplicationScoped
public class LauncherStore {
    private static final List<String> UNFINISHED = List.of(TaskState.STAGING.name(), TaskState.STARTING.name(),
            TaskState.RUNNING.name(), TaskState.KILLING.name());

    @Inject
    LeaderElector elector;

    /**
     * Records a new task attempt as STAGING; false when this task id was launched before. Fenced:
     * throws {@link io.mesoflow.launcher.leader.FencedException} unless this launcher's term is current.
     */
    @Transactional
    public boolean claim(String taskId, String jobId, String taskName, int attempt, String agentId, String sandbox,
                         String placement) {
        elector.checkFence();
        return insert(new Claim(taskId, jobId, taskName, attempt, agentId, sandbox, placement));
    }

    /** One task attempt to claim ({@link #claim}, {@link #claimAll}); {@code sandbox} null when the agent picks it. */
    public record Claim(String taskId, String jobId, String taskName, int attempt, String agentId, String sandbox,
                        String placement) {
    }

    /**
     * {@link #claim} for the tasks of one launch request in one transaction (one fence check, one
     * query, one commit): the claims that were new, in the given order, each recorded as STAGING.
     * All or nothing: when it throws, none is recorded, and the request's retry claims them again.
     */
    @Transactional
    public List<Claim> claimAll(List<Claim> claims) {
        if (claims.isEmpty()) {
            return List.of();
        }
        elector.checkFence();
        Set<String> known = new HashSet<>();
        for (LaunchedTaskEntity task : LaunchedTaskEntity.<LaunchedTaskEntity>list("taskId in ?1",
                claims.stream().map(Claim::taskId).toList())) {
            known.add(task.taskId); // one query for the request, not one per task
        }
        List<Claim> fresh = new ArrayList<>();
        for (Claim c : claims) {
            if (known.add(c.taskId())) {
                persist(c);
                fresh.add(c);
            }
        }
        return fresh;
    }

    private static boolean insert(Claim c) {
        if (LaunchedTaskEntity.findById(c.taskId()) != null) {
            return false;
        }
        persist(c);
        return true;
    }

    private static void persist(Claim c) {
        LaunchedTaskEntity task = new LaunchedTaskEntity();
        task.taskId = c.taskId();
        task.jobId = c.jobId();
        task.taskName = c.taskName();
        task.attempt = c.attempt();
        task.agentId = c.agentId();
        task.state = TaskState.STAGING.name();
        task.sandbox = c.sandbox();
        task.placement = c.placement();
        task.launchedAt = Instant.now();
        task.updatedAt = task.launchedAt;
        task.persist();
    }

    /** A status observed for a task: its new state, written unless {@code write} is false (a health check's update). */
    public record Observed(String taskId, TaskState state, boolean write) {
    }

    /** What the store knew of a task when its status came: {@code task} null when unknown, {@code ended} when terminal before. */
    public record Seen(LaunchedTaskEntity task, boolean ended) {
    }

    /**
     * Several statuses in one transaction, in order, each as {@link #find} then {@link #state}
     * (the latter only for a known task that had not ended and when the status is to be written).
     * One {@link Seen} per status, in the same order.
     */
    @Transactional
    public List<Seen> observe(List<Observed> statuses) {
        if (statuses.isEmpty()) {
            return List.of();
        }
        Map<String, LaunchedTaskEntity> tasks = new HashMap<>();
        for (LaunchedTaskEntity task : LaunchedTaskEntity.<LaunchedTaskEntity>list("taskId in ?1",
                statuses.stream().map(Observed::taskId).distinct().toList())) {
            tasks.put(task.taskId, task); // one query for the run, not one per status
        }
        List<Seen> seen = new ArrayList<>(statuses.size());
        for (Observed o : statuses) {
            LaunchedTaskEntity task = tasks.get(o.taskId());
            boolean ended = task != null && task.state != null && TaskState.valueOf(task.state).isTerminal();
            seen.add(new Seen(task, ended));
            if (task != null && !ended && o.write()) {
                task.state = o.state().name();
                task.updatedAt = Instant.now();
            }
        }
        return seen;
    }

    /** A claimed task's process runs ({@link #runningAll}). */
    public record Running(String taskId, long pid, Instant pidStarted, String gpuIds) {
    }

    /** A claimed task's process runs: one statement (not a read, then a write). */
    @Transactional
    public void running(String taskId, long pid, Instant pidStarted, String gpuIds) {
        runningAll(List.of(new Running(taskId, pid, pidStarted, gpuIds)));
    }

    /**
     * The processes of tasks that started together run: one statement each (not a read, then a
     * write), all in one transaction (one commit for the batch, not one per task).
     */
    @Transactional
    public void runningAll(List<Running> tasks) {
        Instant now = Instant.now();
        for (Running t : tasks) {
            LaunchedTaskEntity.update("state = ?1, gpuIds = ?2, pid = ?3, pidStarted = ?4, updatedAt = ?5 where taskId = ?6",
                    TaskState.RUNNING.name(), t.gpuIds(), t.pid(), t.pidStarted(), now, t.taskId());
        }
    }

    @Transactional
    public void state(String taskId, TaskState state) {
        LaunchedTaskEntity task = LaunchedTaskEntity.findById(taskId);
        if (task != null) {
            task.state = state.name();
            task.updatedAt = Instant.now();
        }
    }

    /** A task ended: its state and reason recorded, its end not yet published ({@link #endReported}). */
    @Transactional
    public void ended(String taskId, TaskState state, String reason) {
        LaunchedTaskEntity task = LaunchedTaskEntity.findById(taskId);
        if (task != null) {
            task.state = state.name();
            task.endReason = reason;
            task.updatedAt = Instant.now();
            task.endReported = false;
        }
    }

    /** The task's end reached the broker. */
    @Transactional
    public void endReported(String taskId) {
        LaunchedTaskEntity.update("endReported = true where taskId = ?1", taskId);
    }

    /** Tasks whose recorded end may never have been published (their launcher stopped in between). */
    @Transactional
    public List<LaunchedTaskEntity> endedUnreported() {
        return LaunchedTaskEntity.list("endReported = false");
    }

    @Transactional
    public List<LaunchedTaskEntity> unfinished() {
        return LaunchedTaskEntity.<LaunchedTaskEntity>list("state in ?1", UNFINISHED);
    }

    /** Which of these tasks have not ended (a query per 1,000 ids; a task not known here is not among them). */
    @Transactional
    public Set<String> unfinishedAmong(Collection<String> taskIds) {
        List<String> ids = List.copyOf(taskIds);
        Set<String> unfinished = new HashSet<>();
        for (int from = 0; from < ids.size(); from += 1_000) { // a statement's bind parameters are limited (32,767)
            LaunchedTaskEntity.<LaunchedTaskEntity>list("taskId in ?1 and state in ?2",
                    ids.subList(from, Math.min(ids.size(), from + 1_000)), UNFINISHED).forEach(t -> unfinished.add(t.taskId));
        }
        return unfinished;
    }

    @Transactional
    public LaunchedTaskEntity find(String taskId) {
        return LaunchedTaskEntity.findById(taskId);
    }

    /** An offer outstanding on an agent. */
    public record Offer(String offerId, String agentId) {
    }

    /** Offers outstanding (a run of the master's offers, or the local agent's slices), recorded in one transaction. */
    @Transactional
    public void offersMade(List<Offer> offers) {
        Instant now = Instant.now();
        for (Offer o : offers) {
            OutstandingOfferEntity offer = new OutstandingOfferEntity();
            offer.offerId = o.offerId();
            offer.agentId = o.agentId();
            offer.offeredAt = now;
            offer.persist();
        }
    }

    /** One statement: {@code deleteById} would read the row before deleting it (a round trip more on every launch). */
    @Transactional
    public void offerGone(String offerId) {
        OutstandingOfferEntity.delete("offerId", offerId);
    }

    /** {@link #offerGone} for several offers, in one transaction. */
    @Transactional
    public void offersGone(List<String> offerIds) {
        if (!offerIds.isEmpty()) {
            OutstandingOfferEntity.delete("offerId in ?1", offerIds);
        }
    }

    @Transactional
    public List<OutstandingOfferEntity> outstandingOffers() {
        return OutstandingOfferEntity.listAll();
    }
}
