package io.mesoflow.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * What a task runs, computed at placement time. The launcher builds the task's environment from it
 * (its {@code TaskEnvironment}), the same on every backend.
 *
 * @param context  the effective job context of this task (job context with the role's overrides)
 * @param env      extra variables: records from before {@code tfConfig} carry TF_CONFIG and the
 *                 MESOFLOW_* variables here; placement no longer sets any (kept so old records work)
 * @param secrets  secret references; values travel sealed, in {@link LaunchRequested}
 * @param team     the job's team (whose Unix user runs the task); null in records from before it existed
 * @param tfConfig the task's TF_CONFIG; null for a task that gets none, and in records from before
 *                 it existed (their TF_CONFIG is in {@code env})
 * @param image    the container image the task runs in; null to run on the agent's own file system
 * @param python   the Python packages the task runs with; null for none
 * @param artifactSha256 the artifact's expected SHA-256 (hex); null: not checked
 */
public record LaunchSpec(String artifactUrl, String entryPoint, Map<String, Object> context, String outputDir,
                         Map<String, String> env, List<SecretRef> secrets, String team, TfConfig tfConfig,
                         @JsonInclude(JsonInclude.Include.NON_NULL) String image,
                         @JsonInclude(JsonInclude.Include.NON_NULL) PythonEnvironment python,
                         @JsonInclude(JsonInclude.Include.NON_NULL) String artifactSha256) {
    public LaunchSpec {
        context = context == null ? Map.of() : context;
        env = env == null ? Map.of() : Map.copyOf(env);
        secrets = secrets == null ? List.of() : List.copyOf(secrets);
    }

    /** A launch spec without an image, Python environment or artifact digest. */
    public LaunchSpec(String artifactUrl, String entryPoint, Map<String, Object> context, String outputDir,
                      Map<String, String> env, List<SecretRef> secrets, String team, TfConfig tfConfig) {
        this(artifactUrl, entryPoint, context, outputDir, env, secrets, team, tfConfig, null, null, null);
    }

    /** A launch spec without a typed TF_CONFIG (an old record's, in {@code env} if any). */
    public LaunchSpec(String artifactUrl, String entryPoint, Map<String, Object> context, String outputDir,
                      Map<String, String> env, List<SecretRef> secrets, String team) {
        this(artifactUrl, entryPoint, context, outputDir, env, secrets, team, null, null, null, null);
    }

    /** A launch spec without a team (the default team's user runs it). */
    public LaunchSpec(String artifactUrl, String entryPoint, Map<String, Object> context, String outputDir,
                      Map<String, String> env, List<SecretRef> secrets) {
        this(artifactUrl, entryPoint, context, outputDir, env, secrets, null, null, null, null, null);
    }
}
