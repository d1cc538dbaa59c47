package io.mesoflow.launcher.mesos;

import io.mesoflow.events.EventCodec;
import io.mesoflow.events.TaskPlacement;
import io.mesoflow.launcher.store.LaunchedTaskEntity;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The placement each task was launched with, as the launch request had it decoded, so a status
 * update of the task does not decode its stored JSON again (before: once per update). A task id
 * names one attempt and is launched once, so its placement never changes; a task this launcher did
 * not launch (an earlier leader's) is decoded from its record once. The newest {@link #KEEP}.
 * Thread-safe.
 */
@ApplicationScoped
public class LaunchedPlacements {
    static final int KEEP = 20_000;

    private final Map<String, TaskPlacement> byTask = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, TaskPlacement> eldest) {
            return size() > KEEP;
        }
    };

    /** The task {@code taskId} is launched as {@code placement}. */
    public synchronized void launched(String taskId, TaskPlacement placement) {
        byTask.put(taskId, placement);
    }

    /** The placement of a launched task (null when its record has none). */
    public TaskPlacement of(LaunchedTaskEntity task) {
        synchronized (this) {
            TaskPlacement known = byTask.get(task.taskId);
            if (known != null || task.placement == null) {
                return known;
            }
        }
        TaskPlacement decoded = EventCodec.fromJson(task.placement, TaskPlacement.class);
        launched(task.taskId, decoded);
        return decoded;
    }
}
