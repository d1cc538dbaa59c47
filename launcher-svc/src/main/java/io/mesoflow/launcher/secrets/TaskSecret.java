package io.mesoflow.launcher.secrets;

/**
 * A secret value opened for a task: an environment variable or a file in its sandbox. Kept only
 * in memory; {@link #toString()} never shows the value.
 */
public final class TaskSecret {
    private final String env;
    private final String file;
    private final String value;

    public TaskSecret(String env, String file, String value) {
        this.env = env;
        this.file = file;
        this.value = value;
    }

    public String env() {
        return env;
    }

    public String file() {
        return file;
    }

    /** The value itself, for the task's file or environment; never logged. */
    public String value() {
        return value;
    }

    /** The value for a backend that hands it on (Mesos {@code Secret}); never logged. */
    public byte[] valueBytes() {
        return value.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "TaskSecret[" + (env != null ? "env " + env : "file " + file) + ", value hidden]";
    }
}
