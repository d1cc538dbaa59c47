package io.mesoflow.launcher.task;

import io.mesoflow.events.LaunchSpec;
import io.mesoflow.events.PythonEnvironment;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * The shell lines a task runs in its sandbox, as its own user, after its environment is set and
 * before its entry point, the same on every backend: check the artifact's digest, then build or
 * reuse the job's Python environment and put it first on PATH. Pure: it writes text, runs nothing.
 * Each failure ends the task with its own exit code and a line on stderr that says why.
 */
public final class TaskPrelude {
    /** The fetched artifact differs from {@code artifactSha256}. */
    public static final int ARTIFACT_DIGEST_EXIT = 79;
    /** The Python environment could not be built (pip's last lines are on stderr). */
    public static final int PYTHON_ENV_EXIT = 80;
    /** Present while the task builds or waits for its Python environment. */
    public static final String PREPARING_MARKER = ".mesoflow-preparing";
    static final String REQUIREMENTS = ".mesoflow-requirements.txt";
    static final String SCRIPT = ".mesoflow-python-env.sh";
    private static final String BUILDER = resource("/task/python-env.sh");

    /**
     * Where environments are cached and what pip is told.
     *
     * @param envCache folder with one cache per Unix user ({@code <envCache>/<user>/py-<digest>})
     * @param pipArgs  extra pip options (e.g. {@code --retries 0 --timeout 3}); empty for none
     */
    public record Settings(String envCache, String pipArgs) {
    }

    private TaskPrelude() {
    }

    /** The lines for {@code launch}, each ending in "; " or a newline; empty when there is nothing to do. */
    public static String of(LaunchSpec launch, Settings settings) {
        StringBuilder sh = new StringBuilder();
        if (launch.artifactSha256() != null) {
            sh.append(digestCheck(artifactFile(launch.artifactUrl()), launch.artifactSha256()));
        }
        if (launch.python() != null) {
            sh.append(python(launch.python(), settings));
        }
        return sh.toString();
    }

    /** The file name the artifact has in the sandbox (the last segment of its URL's path). */
    public static String artifactFile(String url) {
        String path = URI.create(url).getPath();
        return path.substring(path.lastIndexOf('/') + 1);
    }

    static String digestCheck(String file, String sha256) {
        String f = quoted(file);
        return "actual=$(sha256sum " + f + " | cut -c1-64); [ \"$actual\" = " + quoted(sha256) + " ] || { echo "
                + "\"mesoflow: artifact " + file.replace("\"", "") + " has SHA-256 $actual, the spec says " + sha256
                + "\" >&2; exit " + ARTIFACT_DIGEST_EXIT + "; }; ";
    }

    static String python(PythonEnvironment python, Settings settings) {
        StringBuilder sh = new StringBuilder("touch " + PREPARING_MARKER + "; : > " + REQUIREMENTS + "; ");
        for (String requirement : python.requirements()) {
            sh.append("printf '%s\\n' ").append(quoted(requirement)).append(" >> ").append(REQUIREMENTS).append("; ");
        }
        if (python.requirementsFile() != null) {
            String file = quoted(python.requirementsFile());
            sh.append("[ -f ").append(file).append(" ] || { echo \"mesoflow: the artifact has no requirements file ")
                    .append(python.requirementsFile().replace("\"", "")).append("\" >&2; exit ")
                    .append(PYTHON_ENV_EXIT).append("; }; cat ").append(file).append(" >> ").append(REQUIREMENTS)
                    .append("; ");
        }
        sh.append("cat > ").append(SCRIPT).append(" <<'MESOFLOW_PYTHON_ENV'\n").append(BUILDER)
                .append(BUILDER.endsWith("\n") ? "" : "\n").append("MESOFLOW_PYTHON_ENV\n");
        sh.append("MESOFLOW_VENV=$(MESOFLOW_ENV_CACHE=").append(quoted(settings.envCache()))
                .append(" MESOFLOW_PIP_ARGS=").append(quoted(settings.pipArgs())).append(" /bin/sh ").append(SCRIPT)
                .append(' ').append(REQUIREMENTS).append(") || exit ").append(PYTHON_ENV_EXIT).append("; rm -f ")
                .append(PREPARING_MARKER).append("; export VIRTUAL_ENV=\"$MESOFLOW_VENV\" ")
                .append("MESOFLOW_PYTHON=\"$MESOFLOW_VENV/bin/python\" PATH=\"$MESOFLOW_VENV/bin:$PATH\"; ");
        return sh.toString();
    }

    static String quoted(String value) {
        return "'" + value.replace("'", "'\\''") + "'";
    }

    private static String resource(String name) {
        try (InputStream in = TaskPrelude.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
