package io.mesoflow.placement.core;

import io.mesoflow.events.JobSpec;
import io.mesoflow.events.LaunchSpec;
import io.mesoflow.events.Resources;
import io.mesoflow.events.RoleSpec;
import io.mesoflow.events.TaskLayout;
import io.mesoflow.events.TaskName;
import io.mesoflow.events.TaskPlacement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns a job spec into task demands, and a placed gang into each task's launch. */
public final class LaunchPlanner {
    private LaunchPlanner() {
    }

    /** Every task of the spec with what it needs; each task gets one port (its cluster address). */
    public static List<TaskDemand> demandsOf(JobSpec spec) {
        return TaskLayout.tasksOf(spec).stream()
                .map(task -> new TaskDemand(task, Resources.of(roleOf(spec, task)), 1,
                        roleOf(spec, task).constraints().stream().map(Constraint::parse).toList()))
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
        Map<TaskName, String> addresses = new LinkedHashMap<>();
        placed.assignments().forEach(a -> addresses.put(a.task(), a.agent().hostname() + ":" + a.ports().get(0)));
        Map<TaskName, String> tfConfigs = TfConfigBuilder.build(addresses);
        return placed.assignments().stream()
                .map(a -> new TaskPlacement(a.task().toString(), attempt, a.agent().agentId(), a.agent().hostname(),
                        a.agent().offerIds(), Resources.of(roleOf(spec, a.task())), a.ports(),
                        launchSpec(jobId, spec, a.task(), tfConfigs.get(a.task()))))
                .toList();
    }

    public static LaunchSpec launchSpec(String jobId, JobSpec spec, TaskName task, String tfConfig) {
        Map<String, String> env = new LinkedHashMap<>();
        if (tfConfig != null) {
            env.put("TF_CONFIG", tfConfig);
        }
        env.put("MESOFLOW_JOB_ID", jobId);
        env.put("MESOFLOW_TASK", task.toString());
        env.put("MESOFLOW_OUTPUT_DIR", spec.outputDir());
        return new LaunchSpec(spec.artifactUrl(), spec.entryPoint(), effectiveContext(spec, task), spec.outputDir(),
                env, spec.secrets(), spec.team());
    }

    /** The job context with the role's overriding keys. */
    public static Map<String, Object> effectiveContext(JobSpec spec, TaskName task) {
        return spec.effectiveContext(task.role());
    }

    private static RoleSpec roleOf(JobSpec spec, TaskName task) {
        return spec.role(task.role());
    }
}
