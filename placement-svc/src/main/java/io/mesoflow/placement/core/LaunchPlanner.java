package io.mesoflow.placement.core;

import io.mesoflow.events.JobSpec;
import io.mesoflow.events.LaunchSpec;
import io.mesoflow.events.Resources;
import io.mesoflow.events.Role;
import io.mesoflow.events.RoleSpec;
import io.mesoflow.events.TaskLayout;
import io.mesoflow.events.TaskName;
import io.mesoflow.events.TaskPlacement;
import io.mesoflow.events.TfConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns a job spec into task demands, and a placed gang into each task's launch. */
public final class LaunchPlanner {
    /**
     * What the tensorboard task runs: TensorBoard itself, on the job's output folder and the task's
     * port, on every interface so its URL works from other hosts; with the job's Python environment
     * or image (which must provide {@code tensorboard}), else the agent's {@code python3}.
     */
    public static final String TENSORBOARD = "exec \"${MESOFLOW_PYTHON:-python3}\" -m tensorboard.main "
            + "--logdir \"$MESOFLOW_OUTPUT_DIR\" --port \"$PORT0\" --bind_all";

    private LaunchPlanner() {
    }

    /** Every task of the spec with what it needs; each task gets one port (its cluster address). */
    public static List<TaskDemand> demandsOf(JobSpec spec) {
        return TaskLayout.tasksOf(spec).stream()
                .map(task -> new TaskDemand(task, Resources.of(roleOf(spec, task)), 1,
                        roleOf(spec, task).constraints()))
                .toList();
    }

    /** The demands with a per-task overhead the backend adds (e.g. Mesos' DEFAULT executor) to fit. */
    public static List<TaskDemand> withOverhead(List<TaskDemand> demands, double cpus, double memMb, double diskMb) {
        if (cpus == 0 && memMb == 0 && diskMb == 0) {
            return demands;
        }
        return demands.stream().map(d -> new TaskDemand(d.task(), new Resources(d.resources().cpus() + cpus,
                d.resources().memMb() + memMb, d.resources().diskMb() + diskMb, d.resources().gpus()), d.ports(),
                d.constraints())).toList();
    }

    /** The launches of a placed gang, all at {@code attempt}. */
    public static List<TaskPlacement> launches(String jobId, JobSpec spec, PlacementDecision.Placed placed, int attempt) {
        return launches(jobId, spec, placed, task -> attempt);
    }

    /** The launches of a placed gang, each task at its own attempt (a resumed job's tasks go on counting). */
    public static List<TaskPlacement> launches(String jobId, JobSpec spec, PlacementDecision.Placed placed,
                                               java.util.function.ToIntFunction<TaskName> attemptOf) {
        Map<TaskName, String> addresses = new LinkedHashMap<>();
        placed.assignments().forEach(a -> addresses.put(a.task(), a.agent().hostname() + ":" + a.ports().get(0)));
        Map<TaskName, TfConfig> tfConfigs = TfConfigBuilder.build(addresses);
        return placed.assignments().stream()
                .map(a -> new TaskPlacement(a.task().toString(), attemptOf.applyAsInt(a.task()), a.agent().agentId(), a.agent().hostname(),
                        a.agent().offerIds(), Resources.of(roleOf(spec, a.task())), a.ports(),
                        launchSpec(spec, a.task(), tfConfigs.get(a.task()))))
                .toList();
    }

    /**
     * What {@code task} runs, with its typed TF_CONFIG (null: it gets none). No environment: the
     * launcher builds every variable from the launch, the same way on each backend.
     */
    public static LaunchSpec launchSpec(JobSpec spec, TaskName task, TfConfig tfConfig) {
        String entryPoint = task.role() == Role.TENSORBOARD ? TENSORBOARD : spec.entryPoint();
        return new LaunchSpec(spec.artifactUrl(), entryPoint, effectiveContext(spec, task), spec.outputDir(),
                Map.of(), spec.secrets(), spec.team(), tfConfig, spec.imageOf(task.role()), spec.python(),
                spec.artifactSha256());
    }


    /** The job context with the role's overriding keys. */
    public static Map<String, Object> effectiveContext(JobSpec spec, TaskName task) {
        return spec.effectiveContext(task.role());
    }

    private static RoleSpec roleOf(JobSpec spec, TaskName task) {
        return spec.role(task.role());
    }
}
