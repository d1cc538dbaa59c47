package io.mesoflow.events;

import java.util.List;
import java.util.Map;

/**
 * What a task runs and the environment it gets, computed at placement time.
 *
 * @param context the effective job context of this task (job context with the role's overrides)
 * @param env     environment set by placement: TF_CONFIG and the MESOFLOW_* variables
 * @param secrets secret references; values travel sealed, in {@link LaunchRequested}
 * @param team    the job's team (whose Unix user runs the task); null in records from before it existed
 */
public record LaunchSpec(String artifactUrl, String entryPoint, Map<String, Object> context, String outputDir,
                         Map<String, String> env, List<SecretRef> secrets, String team) {
    public LaunchSpec {
        context = context == null ? Map.of() : context;
        env = env == null ? Map.of() : Map.copyOf(env);
        secrets = secrets == null ? List.of() : List.copyOf(secrets);
    }

    /** A launch spec without a team (the default team's user runs it). */
    public LaunchSpec(String artifactUrl, String entryPoint, Map<String, Object> context, String outputDir,
                      Map<String, String> env, List<SecretRef> secrets) {
        this(artifactUrl, entryPoint, context, outputDir, env, secrets, null);
    }
}
