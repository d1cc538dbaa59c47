package io.mesoflow.launcher.store;

import io.mesoflow.events.TaskState;
import io.mesoflow.launcher.leader.LeaderElector;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;

/** The launcher's durable memory: which tasks it launched (and their processes), which offers are out. */
@ApplicationScoped
public class LauncherStore {

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

    /** One task attempt to claim ({@link #claimAll}). */
    public record Claim(String taskId, String jobId, String taskName, int attempt, String agentId, String sandbox,
                        String placement) {
    }

    /**
     * Claims a launch's tasks in one transaction (one fence check, one commit): the ids of those not
     * launched before, each recorded as STAGING. Fenced as {@link #claim}.
     */
    @Transactional
    public java.util.Set<String> claimAll(List<Claim> claims) {
        elector.checkFence();
        java.util.Set<String> claimed = new java.util.LinkedHashSet<>();
        for (Claim c : claims) {
            if (insert(c)) {
                claimed.add(c.taskId());
            }
        }
        return claimed;
    }

    private static boolean insert(Claim c) {
        if (LaunchedTaskEntity.findById(c.taskId()) != null) {
            return false;
        }
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
        return true;
    }

    @Transactional
    public void running(String taskId, long pid, Instant pidStarted, String gpuIds) {
        LaunchedTaskEntity task = LaunchedTaskEntity.findById(taskId);
        task.state = TaskState.RUNNING.name();
        task.gpuIds = gpuIds;
        task.pid = pid;
        task.pidStarted = pidStarted;
        task.updatedAt = Instant.now();
    }

    @Transactional
    public void state(String taskId, TaskState state) {
        LaunchedTaskEntity task = LaunchedTaskEntity.findById(taskId);
        if (task != null) {
            task.state = state.name();
            task.updatedAt = Instant.now();
        }
    }

    @Transactional
    public List<LaunchedTaskEntity> unfinished() {
        return LaunchedTaskEntity.<LaunchedTaskEntity>list("state in ?1", List.of(TaskState.STAGING.name(),
                TaskState.STARTING.name(), TaskState.RUNNING.name(), TaskState.KILLING.name()));
    }

    @Transactional
    public LaunchedTaskEntity find(String taskId) {
        return LaunchedTaskEntity.findById(taskId);
    }

    @Transactional
    public void offerMade(String offerId, String agentId) {
        OutstandingOfferEntity offer = new OutstandingOfferEntity();
        offer.offerId = offerId;
        offer.agentId = agentId;
        offer.offeredAt = Instant.now();
        offer.persist();
    }

    @Transactional
    public void offerGone(String offerId) {
        OutstandingOfferEntity.deleteById(offerId);
    }

    @Transactional
    public List<OutstandingOfferEntity> outstandingOffers() {
        return OutstandingOfferEntity.listAll();
    }
}
