package io.mesoflow.placement.app;

import io.mesoflow.events.EventCodec;
import io.mesoflow.events.Resources;
import io.mesoflow.events.TaskPlacement;
import io.mesoflow.placement.PlacementConfig;
import io.mesoflow.placement.core.RunningGang;
import io.mesoflow.placement.model.JobCheckpointEntity;
import io.mesoflow.placement.model.PendingJobEntity;
import io.mesoflow.placement.model.PlacedTaskEntity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The placed jobs that hold resources and are not being suspended, as {@link RunningGang}s: what
 * each unfinished task holds (with the backend's per-task overhead), since when the job runs (it
 * was last placed) and its latest checkpoint.
 */
@ApplicationScoped
public class RunningGangs {
    @Inject
    PlacementConfig config;

    /**
     * Per agent, what every unfinished placed task on it holds (with the backend's per-task
     * overhead), jobs being suspended included: what is not free there ({@code FreeEstimate}).
     */
    public Map<String, Resources> inUseByAgent() {
        Map<String, Resources> inUse = new HashMap<>();
        PlacedTaskEntity.<PlacedTaskEntity>list("endedAt is null").forEach(task -> {
            Resources r = withOverhead(EventCodec.fromJson(task.placement, TaskPlacement.class).resources());
            inUse.merge(task.agentId, r, io.mesoflow.placement.core.FreeEstimate::sum);
        });
        return inUse;
    }

    private Resources withOverhead(Resources r) {
        return new Resources(r.cpus() + config.taskOverheadCpus(), r.memMb() + config.taskOverheadMemMb(),
                r.diskMb() + config.taskOverheadDiskMb(), r.gpus());
    }

    public List<RunningGang> load() {
        Map<String, List<RunningGang.Held>> held = new HashMap<>();
        PlacedTaskEntity.<PlacedTaskEntity>list("endedAt is null").forEach(task -> {
            TaskPlacement placement = EventCodec.fromJson(task.placement, TaskPlacement.class);
            Resources withOverhead = withOverhead(placement.resources());
            held.computeIfAbsent(task.jobId, j -> new ArrayList<>()).add(new RunningGang.Held(task.agentId,
                    placement.hostname(), Map.of(), withOverhead, placement.ports()));
        });
        List<RunningGang> running = new ArrayList<>();
        for (PendingJobEntity job : PendingJobEntity.<PendingJobEntity>list("status = ?1 and suspendRequestedAt is null",
                PendingJobEntity.PLACED)) {
            List<RunningGang.Held> tasks = held.get(job.jobId);
            if (tasks == null || tasks.isEmpty()) {
                continue;
            }
            JobCheckpointEntity checkpoint = JobCheckpointEntity.findById(job.jobId);
            running.add(new RunningGang(job.jobId, job.team, job.priority, job.placedAt,
                    checkpoint == null ? null : checkpoint.checkpointAt,
                    checkpoint == null ? null : checkpoint.checkpointStep, tasks));
        }
        return running;
    }
}
