package io.mesoflow.launcher.progress;

import io.mesoflow.events.TaskState;
import io.mesoflow.events.TaskStatusChanged;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tasks this launcher reported, per job, as both backends report them ({@code StatusReporter}
 * fires each status it published): each task's latest attempt, its state, sandbox and the agent that
 * serves it. A job is forgotten once none of its tasks is active. When the job's reporting task
 * ends after running, its attempt is kept for one last read ({@link #takeLastReads()}): a run that
 * ends between two polls still shows its final step and checkpoint (its files outlive the process).
 * Cheap: called on the reporting thread, it only updates a map.
 */
@ApplicationScoped
public class RunningTasks {
    /** A task's latest attempt as last reported. */
    public record Seen(String taskName, int attempt, String taskId, TaskState state, String sandbox, String agentUrl) {
    }

    private final Map<String, Map<String, Seen>> jobs = new ConcurrentHashMap<>();
    private final Map<String, Seen> lastReads = new ConcurrentHashMap<>();

    void reported(@Observes TaskStatusChanged status) {
        Map<String, Seen> known = jobs.getOrDefault(status.jobId(), Map.of());
        Seen ran = known.get(status.taskName());
        if (status.state().isTerminal() && ran != null && ran.state() == TaskState.RUNNING
                && ran.attempt() == status.attempt()
                && ReportingTask.of(known.keySet()).filter(status.taskName()::equals).isPresent()) {
            lastReads.put(status.jobId(), ran);
        }
        jobs.compute(status.jobId(), (job, tasks) -> {
            Map<String, Seen> next = tasks == null ? new HashMap<>() : new HashMap<>(tasks);
            Seen before = next.get(status.taskName());
            if (before != null && before.attempt() > status.attempt()) {
                return next; // news of an older attempt
            }
            String sandbox = status.sandbox() != null || before == null || before.attempt() != status.attempt()
                    ? status.sandbox() : before.sandbox();
            String agentUrl = status.agentUrl() != null || before == null || before.attempt() != status.attempt()
                    ? status.agentUrl() : before.agentUrl();
            next.put(status.taskName(), new Seen(status.taskName(), status.attempt(), status.taskId(), status.state(),
                    sandbox, agentUrl));
            return next.values().stream().anyMatch(t -> !t.state().isTerminal()) ? Map.copyOf(next) : null;
        });
    }

    /** The job ids with an active task. */
    public List<String> jobs() {
        return new ArrayList<>(jobs.keySet());
    }

    /** The job's reporting task ({@link ReportingTask}) while its latest attempt runs. */
    public Optional<Seen> reporting(String jobId) {
        Map<String, Seen> tasks = jobs.getOrDefault(jobId, Map.of());
        return ReportingTask.of(tasks.keySet()).map(tasks::get).filter(t -> t.state() == TaskState.RUNNING);
    }

    /**
     * The jobs whose reporting task ended since the last call, each with that task as it ran: read
     * once more, then forgotten. Taken away by the call.
     */
    public Map<String, Seen> takeLastReads() {
        Map<String, Seen> taken = new HashMap<>();
        for (String jobId : List.copyOf(lastReads.keySet())) {
            Seen seen = lastReads.remove(jobId);
            if (seen != null) {
                taken.put(jobId, seen);
            }
        }
        return taken;
    }

    /** Offers a last read again (it could not be published); a newer one for the job wins. */
    public void retryLastRead(String jobId, Seen seen) {
        lastReads.putIfAbsent(jobId, seen);
    }

    /** Forgets everything (leadership ended: the next leader hears its own reports). */
    public void clear() {
        jobs.clear();
        lastReads.clear();
    }
}
