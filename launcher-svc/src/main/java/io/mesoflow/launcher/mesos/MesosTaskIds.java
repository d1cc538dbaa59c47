package io.mesoflow.launcher.mesos;

/** MesoFlow's Mesos task ids: {@code <jobId>.<taskName>.<attempt>} (job ids and task names have no dots). */
public record MesosTaskIds(String jobId, String taskName, int attempt) {
    public static MesosTaskIds parse(String taskId) {
        String[] parts = taskId.split("\\.");
        if (parts.length != 3 || !parts[2].matches("\\d+")) {
            throw new IllegalArgumentException("not a MesoFlow task id: " + taskId);
        }
        return new MesosTaskIds(parts[0], parts[1], Integer.parseInt(parts[2]));
    }

    public static boolean isMesoflow(String taskId) {
        try {
            parse(taskId);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
