package io.mesoflow.launcher.task;

import io.mesoflow.events.EventCodec;
import io.mesoflow.events.LaunchSpec;
import io.mesoflow.events.TaskPlacement;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Every variable and sandbox file a task gets, built once for both backends, so a script that works
 * on the local backend works on Mesos ({@code docs/job-spec.md} lists exactly these). Pure.
 * <p>
 * A Mesos task's sandbox is known only when it runs ({@code $MESOS_SANDBOX}), so variables that name
 * a place in the sandbox are kept as paths relative to it and each backend resolves them its way;
 * files are copies of variables, so the task's shell can write them. GPU ids are the one
 * backend-specific input: the local backend adds them ({@link #withVisibleGpus}); on Mesos the
 * agent's GPU isolator sets {@code CUDA_VISIBLE_DEVICES}.
 *
 * @param variables    name to value, known at launch
 * @param sandboxPaths name to a path relative to the sandbox ({@code ""}: the sandbox itself)
 * @param files        file in the sandbox to the variable whose value it holds
 */
public record TaskEnvironment(Map<String, String> variables, Map<String, String> sandboxPaths,
                              Map<String, String> files) {
    public static final String CONTEXT_FILE = "job_context.json";
    public static final String TF_CONFIG_FILE = "tf_config.json";
    public static final String TMP_DIR = "tmp";

    public TaskEnvironment {
        variables = ordered(variables);
        sandboxPaths = ordered(sandboxPaths);
        files = ordered(files);
    }

    /**
     * The environment of one attempt of {@code task} of job {@code jobId}. Variables in an old
     * launch's {@code env} (TF_CONFIG and MESOFLOW_* before placement sent a typed TF_CONFIG) come
     * first, and whatever is built here replaces them.
     */
    public static TaskEnvironment of(String jobId, TaskPlacement task) {
        LaunchSpec launch = task.launch();
        Map<String, String> vars = new LinkedHashMap<>(launch.env());
        vars.put("LANG", "C.UTF-8");
        vars.put("PYTHONUNBUFFERED", "1");
        if (launch.tfConfig() != null) {
            vars.put("TF_CONFIG", launch.tfConfig().toJson());
        }
        vars.put("MESOFLOW_JOB_ID", jobId);
        vars.put("MESOFLOW_TASK", task.taskName());
        vars.put("MESOFLOW_ATTEMPT", String.valueOf(task.attempt()));
        if (launch.outputDir() != null) {
            vars.put("MESOFLOW_OUTPUT_DIR", launch.outputDir());
        }
        vars.put("MESOFLOW_JOB_CONTEXT", EventCodec.json(launch.context()));
        vars.put("MESOFLOW_PORTS", task.ports().stream().map(String::valueOf).collect(Collectors.joining(",")));
        for (int i = 0; i < task.ports().size(); i++) {
            vars.put("PORT" + i, String.valueOf(task.ports().get(i)));
        }
        Map<String, String> paths = new LinkedHashMap<>();
        paths.put("MESOFLOW_SANDBOX", "");
        paths.put("MESOFLOW_JOB_CONTEXT_FILE", CONTEXT_FILE);
        paths.put("TMPDIR", TMP_DIR);
        paths.put(PreemptionNotice.VARIABLE, PreemptionNotice.FILE);
        paths.keySet().forEach(vars::remove);
        Map<String, String> files = new LinkedHashMap<>();
        files.put(CONTEXT_FILE, "MESOFLOW_JOB_CONTEXT");
        if (vars.containsKey("TF_CONFIG")) {
            files.put(TF_CONFIG_FILE, "TF_CONFIG");
        }
        return new TaskEnvironment(vars, paths, files);
    }

    /** With {@code CUDA_VISIBLE_DEVICES} naming these GPUs (empty when none): where the backend picks them. */
    public TaskEnvironment withVisibleGpus(Collection<Integer> gpus) {
        Map<String, String> vars = new LinkedHashMap<>(variables);
        vars.put("CUDA_VISIBLE_DEVICES", gpus.stream().sorted().map(String::valueOf).collect(Collectors.joining(",")));
        return new TaskEnvironment(vars, sandboxPaths, files);
    }

    /** Folders in the sandbox that must exist before the task starts. */
    public List<String> directories() {
        return List.of(TMP_DIR);
    }

    /** Every variable, the sandbox paths resolved against {@code sandbox}. */
    public Map<String, String> resolve(String sandbox) {
        Map<String, String> all = new LinkedHashMap<>(variables);
        sandboxPaths.forEach((name, path) -> all.put(name, path.isEmpty() ? sandbox : sandbox + "/" + path));
        return Collections.unmodifiableMap(all);
    }

    /** Each file's content: the value of its variable. */
    public Map<String, String> fileContents() {
        Map<String, String> contents = new LinkedHashMap<>();
        files.forEach((file, variable) -> contents.put(file, variables.get(variable)));
        return Collections.unmodifiableMap(contents);
    }

    private static Map<String, String> ordered(Map<String, String> map) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
}
