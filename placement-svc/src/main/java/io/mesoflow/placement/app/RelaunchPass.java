package io.mesoflow.placement.app;

import io.mesoflow.events.EventCodec;
import io.mesoflow.events.JobSpec;
import io.mesoflow.events.JobState;
import io.mesoflow.events.JobStatusChanged;
import io.mesoflow.events.Resources;
import io.mesoflow.events.TaskName;
import io.mesoflow.events.TaskPlacement;
import io.mesoflow.events.TasksPlaced;
import io.mesoflow.events.TfConfig;
import io.mesoflow.events.Topics;
import io.mesoflow.placement.PlacementConfig;
import io.mesoflow.placement.core.AgentCapacity;
import io.mesoflow.placement.core.GangPlacer;
import io.mesoflow.placement.core.LaunchPlanner;
import io.mesoflow.placement.core.PlacementDecision;
import io.mesoflow.placement.core.RelaunchPlacer;
import io.mesoflow.placement.core.TaskDemand;
import io.mesoflow.placement.core.TfConfigBuilder;
import io.mesoflow.placement.model.PendingJobEntity;
import io.mesoflow.placement.model.PendingRelaunchEntity;
import io.mesoflow.placement.model.PlacedTaskEntity;
import io.mesoflow.service.Outbox;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jboss.logging.Logger;

/**
 * Places the relaunches monitor asked for, oldest first, before any new job: on the task's
 * previous agent and ports when offered, else (after {@code relaunch-same-agent-wait}) anywhere.
 * Each relaunch gets a TF_CONFIG computed from the job's current addresses, and the job's status
 * says which way it went.
 */
@ApplicationScoped
public class RelaunchPass {
    private static final Logger LOG = Logger.getLogger(RelaunchPass.class);

    @Inject
    Outbox outbox;

    @Inject
    PlacementConfig config;

    @Transactional(Transactional.TxType.MANDATORY)
    public void run(Map<String, AgentCapacity> agents, GangPlacer placer) {
        List<PendingRelaunchEntity> relaunches = PendingRelaunchEntity.list("status", Sort.by("requestedAt"),
                PendingRelaunchEntity.PENDING);
        for (PendingRelaunchEntity relaunch : relaunches) {
            PlacedTaskEntity previous = PlacedTaskEntity.findById(new PlacedTaskEntity.Key(relaunch.jobId,
                    relaunch.taskName));
            PendingJobEntity job = PendingJobEntity.findById(relaunch.jobId);
            if (job == null || PendingJobEntity.ENDED.equals(job.status)
                    || (previous != null && relaunch.attempt <= previous.attempt)) {
                relaunch.status = PendingRelaunchEntity.DROPPED;
                relaunch.lastReason = job == null ? "the job is unknown"
                        : PendingJobEntity.ENDED.equals(job.status) ? "the job has ended" : "attempt already placed";
                continue;
            }
            if (job.suspending() || PendingJobEntity.SUSPENDED.equals(job.status)) {
                // suspending, suspended, or resumed and waiting: the whole gang is placed again, at new attempts
                relaunch.status = PendingRelaunchEntity.DROPPED;
                relaunch.lastReason = "the job is suspended";
                continue;
            }
            if (job.revision < relaunch.revision) {
                relaunch.lastReason = "waiting for revision " + relaunch.revision;
                continue;
            }
            JobSpec spec = PlacementPass.SPECS.of(job.spec);
            boolean inLayout = io.mesoflow.events.TaskLayout.tasksOf(spec).stream()
                    .anyMatch(t -> t.toString().equals(relaunch.taskName));
            if (!inLayout) {
                relaunch.status = PendingRelaunchEntity.DROPPED;
                relaunch.lastReason = "revision " + job.revision + " has no task " + relaunch.taskName;
                continue;
            }
            place(relaunch, previous, spec, job, agents, placer);
        }
    }

    private void place(PendingRelaunchEntity relaunch, PlacedTaskEntity previous, JobSpec spec, PendingJobEntity job,
                       Map<String, AgentCapacity> agents, GangPlacer placer) {
        int revision = job.revision;
        TaskName task = TaskName.parse(relaunch.taskName);
        TaskDemand demand = LaunchPlanner.withOverhead(LaunchPlanner.demandsOf(spec), config.taskOverheadCpus(),
                        config.taskOverheadMemMb(), config.taskOverheadDiskMb()).stream()
                .filter(d -> d.task().equals(task)).findFirst()
                .orElseGet(() -> new TaskDemand(task, Resources.of(spec.role(task.role())), 1));
        RelaunchPlacer.Result result;
        if (previous == null) {
            result = new RelaunchPlacer.Result(placer.place(List.of(demand), agents.values()), true);
        } else {
            TaskPlacement before = EventCodec.fromJson(previous.placement, TaskPlacement.class);
            boolean mayMove = Duration.between(relaunch.requestedAt, Instant.now())
                    .compareTo(config.relaunchSameAgentWait()) >= 0;
            result = RelaunchPlacer.place(demand, previous.agentId, before.ports(), agents.values(), mayMove, placer);
        }
        if (result.decision() instanceof PlacementDecision.Waiting waiting) {
            if (!Objects.equals(waiting.reason(), relaunch.lastReason)) {
                relaunch.lastReason = waiting.reason();
                outbox.add(Topics.JOB_STATUS, new JobStatusChanged(relaunch.jobId, JobState.RESTARTING,
                        waiting.reason(), null, Instant.now()));
            }
            return;
        }
        io.mesoflow.placement.core.AcceptedOffers accepted = io.mesoflow.placement.core.AcceptedOffers.of(
                List.of(demand), (PlacementDecision.Placed) result.decision(), true);
        accepted.applyTo(agents, null);
        PlacementDecision.Assignment assignment = accepted.placed().assignments().get(0);
        AgentCapacity agent = assignment.agent();
        HeldOffers.consume(agent.offerIds());
        String address = agent.hostname() + ":" + assignment.ports().get(0);
        Map<TaskName, String> addresses = currentAddresses(relaunch.jobId);
        addresses.put(task, address);
        TfConfig tfConfig = TfConfigBuilder.build(addresses).get(task);
        TaskPlacement placement = new TaskPlacement(relaunch.taskName, relaunch.attempt, agent.agentId(),
                agent.hostname(), agent.offerIds(), Resources.of(spec.role(task.role())), assignment.ports(),
                LaunchPlanner.launchSpec(spec, task, tfConfig));
        PlacedTaskEntity current = previous;
        if (current == null) {
            current = new PlacedTaskEntity();
            current.jobId = relaunch.jobId;
            current.taskName = relaunch.taskName;
        }
        current.attempt = relaunch.attempt;
        current.agentId = agent.agentId();
        current.address = address;
        current.placement = EventCodec.json(placement);
        current.placedAt = Instant.now();
        current.holds(job.team, Resources.of(spec.role(task.role())));
        current.persist();
        relaunch.status = PendingRelaunchEntity.PLACED;
        String how = previous == null
                ? relaunch.taskName + " added at " + address + " (revision " + revision + ")"
                : result.moved()
                ? relaunch.taskName + " moved to " + address + " (attempt " + relaunch.attempt + "): its agent did not "
                        + "offer its port again; the cluster membership changed"
                : relaunch.taskName + " relaunched on the same agent and port " + address + " (attempt "
                        + relaunch.attempt + ")";
        relaunch.lastReason = how;
        outbox.add(Topics.PLACEMENTS, new TasksPlaced(relaunch.jobId, revision, List.of(placement), Instant.now()));
        outbox.add(Topics.JOB_STATUS, new JobStatusChanged(relaunch.jobId, JobState.RESTARTING, how, null,
                Instant.now()));
        LOG.infof("job %s: %s", relaunch.jobId, how);
    }

    private static Map<TaskName, String> currentAddresses(String jobId) {
        Map<TaskName, String> addresses = new LinkedHashMap<>();
        PlacedTaskEntity.<PlacedTaskEntity>list("jobId", jobId)
                .forEach(t -> addresses.put(TaskName.parse(t.taskName), t.address));
        return addresses;
    }
}
