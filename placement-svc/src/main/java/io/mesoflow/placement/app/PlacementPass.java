package io.mesoflow.placement.app;

import io.mesoflow.events.EventCodec;
import io.mesoflow.events.JobSpec;
import io.mesoflow.events.JobState;
import io.mesoflow.events.JobStatusChanged;
import io.mesoflow.events.TaskPlacement;
import io.mesoflow.events.TasksPlaced;
import io.mesoflow.events.Topics;
import io.mesoflow.placement.PlacementConfig;
import io.mesoflow.placement.core.AgentCapacity;
import io.mesoflow.placement.core.GangPlacer;
import io.mesoflow.placement.core.LaunchPlanner;
import io.mesoflow.placement.core.PlacementDecision;
import io.mesoflow.placement.model.PlacedTaskEntity;
import io.mesoflow.placement.model.PendingJobEntity;
import io.mesoflow.service.Outbox;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * One placement pass: relaunches first (RelaunchPass), then the queue in order (priority, then
 * submit time) against the offers held.
 * A placed job consumes every offer of the agents it uses. Passes are serialized across
 * instances by a PostgreSQL advisory lock, so no offer and no job is ever placed twice.
 */
@ApplicationScoped
public class PlacementPass {
    private static final Logger LOG = Logger.getLogger(PlacementPass.class);
    private static final long PASS_LOCK = 0x706c6163656d656eL; // "placemen"

    @Inject
    EntityManager entityManager;

    @Inject
    Outbox outbox;

    @Inject
    PlacementConfig config;

    @Inject
    MeterRegistry metrics;

    @Inject
    RelaunchPass relaunches;

    @Transactional(Transactional.TxType.MANDATORY)
    public void run() {
        entityManager.createNativeQuery("SELECT pg_advisory_xact_lock(" + PASS_LOCK + ")").getSingleResult();
        Map<String, AgentCapacity> agents = HeldOffers.byAgent();
        GangPlacer placer = new GangPlacer(config.cpuTasksOnGpuAgents());
        relaunches.run(agents, placer);
        List<PendingJobEntity> queue = PendingJobEntity.list("status", Sort.descending("priority")
                .and("submittedAt").and("jobId"), PendingJobEntity.PENDING);
        int position = 0;
        for (PendingJobEntity job : queue) {
            JobSpec spec = EventCodec.fromJson(job.spec, JobSpec.class);
            long start = System.nanoTime();
            PlacementDecision decision = placer.place(LaunchPlanner.demandsOf(spec), agents.values());
            metrics.timer("mesoflow.placement.decision").record(System.nanoTime() - start,
                    java.util.concurrent.TimeUnit.NANOSECONDS);
            if (decision instanceof PlacementDecision.Placed placed) {
                place(job, spec, placed, agents);
            } else {
                wait(job, ((PlacementDecision.Waiting) decision).reason(), ++position);
            }
        }
    }

    private void place(PendingJobEntity job, JobSpec spec, PlacementDecision.Placed placed,
                       Map<String, AgentCapacity> agents) {
        Instant now = Instant.now();
        List<TaskPlacement> tasks = LaunchPlanner.launches(job.jobId, spec, placed, 0);
        Set<String> usedAgents = placed.assignments().stream().map(a -> a.agent().agentId())
                .collect(Collectors.toSet());
        for (String agentId : usedAgents) {
            HeldOffers.consume(agentId);
            agents.remove(agentId);
        }
        for (TaskPlacement task : tasks) {
            PlacedTaskEntity placedTask = new PlacedTaskEntity();
            placedTask.jobId = job.jobId;
            placedTask.taskName = task.taskName();
            placedTask.attempt = task.attempt();
            placedTask.agentId = task.agentId();
            placedTask.address = task.hostname() + ":" + task.ports().get(0);
            placedTask.placement = EventCodec.json(task);
            placedTask.placedAt = now;
            placedTask.persist();
        }
        job.status = PendingJobEntity.PLACED;
        job.placedAt = now;
        job.lastReason = null;
        outbox.add(Topics.PLACEMENTS, new TasksPlaced(job.jobId, job.revision, tasks, now));
        outbox.add(Topics.JOB_STATUS, new JobStatusChanged(job.jobId, JobState.PLACED,
                "placed " + tasks.size() + " tasks on " + usedAgents.size() + " agent(s)", null, now));
        metrics.counter("mesoflow.placement.jobs.placed").increment();
        metrics.counter("mesoflow.placement.tasks.placed").increment(tasks.size());
        LOG.infof("placed job %s: %d tasks on agents %s", job.jobId, tasks.size(), usedAgents);
    }

    private void wait(PendingJobEntity job, String reason, int position) {
        if (Objects.equals(reason, job.lastReason) && Objects.equals(position, job.lastPosition)) {
            return;
        }
        job.lastReason = reason;
        job.lastPosition = position;
        outbox.add(Topics.JOB_STATUS, new JobStatusChanged(job.jobId, JobState.QUEUED, reason, position, Instant.now()));
    }
}
