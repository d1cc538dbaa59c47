package io.mesoflow.monitor.core;

import io.mesoflow.events.Suspension;
import io.mesoflow.events.TaskName;
import java.util.Map;
import java.util.TreeMap;

/**
 * Why a job is suspending or suspended ({@code suspension}, its grace period resolved) and each
 * task's <em>fence</em>: the highest attempt that may have been launched when the suspension began
 * (-1: none). A status of an attempt at or below its task's fence belongs to the run being
 * suspended; one above it, once the job is SUSPENDED, is the resumed run starting. {@code description}:
 * who or what suspended the job and what it cost ({@link SuspensionReasons}), also the notice's text.
 */
public record SuspensionRecord(Suspension suspension, String description, Map<TaskName, Integer> fences) {
    public SuspensionRecord {
        fences = new TreeMap<>(fences);
    }

    /** The fence of {@code task}; a task the job did not have then has none (-1). */
    public int fence(TaskName task) {
        return fences.getOrDefault(task, -1);
    }

    public SuspensionRecord withFences(Map<TaskName, Integer> newFences) {
        return new SuspensionRecord(suspension, description, newFences);
    }

    public long gracePeriodSeconds() {
        return suspension.gracePeriodSeconds() == null ? 0 : suspension.gracePeriodSeconds();
    }
}
