package io.mesoflow.events;

import java.util.ArrayList;
import java.util.List;

/** Which tasks a spec runs: the one place that turns role counts into task names. */
public final class TaskLayout {
    private TaskLayout() {
    }

    /** All tasks of a spec, chief first, then ps, worker, gpu_worker, evaluator, tensorboard. */
    public static List<TaskName> tasksOf(JobSpec spec) {
        List<TaskName> tasks = new ArrayList<>();
        for (Role role : Role.values()) {
            int count = role == Role.TENSORBOARD
                    ? (spec.tensorboard() ? Math.max(1, spec.role(role).count()) : 0)
                    : spec.role(role).count();
            for (int i = 0; i < count; i++) {
                tasks.add(new TaskName(role, i));
            }
        }
        return tasks;
    }

    /**
     * The task whose successful exit ends the job under the ChiefOnly policy: the chief, or
     * {@code worker-0} when there is none (or {@code gpu_worker-0} when there are only GPU workers).
     */
    public static TaskName successTask(JobSpec spec) {
        if (spec.role(Role.CHIEF).count() > 0) {
            return new TaskName(Role.CHIEF, 0);
        }
        if (spec.role(Role.WORKER).count() > 0) {
            return new TaskName(Role.WORKER, 0);
        }
        return new TaskName(Role.GPU_WORKER, 0);
    }

    /** The Mesos/local task id of one attempt: {@code <jobId>.<taskName>.<attempt>}. */
    public static String taskId(String jobId, String taskName, int attempt) {
        return jobId + "." + taskName + "." + attempt;
    }
}
