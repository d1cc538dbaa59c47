package io.mesoflow.launcher.local;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The PATH of a task that runs as a team's user: the launcher's own, in its order, less the entries
 * that user cannot reach (root's PATH starts under /root, e.g. pyenv shims, which would hide
 * {@code python3}) and relative ones, then the system directories it lacks. Pure.
 */
final class TaskPath {
    static final List<String> SYSTEM = List.of("/usr/local/bin", "/usr/bin", "/bin");

    private TaskPath() {
    }

    static String of(String launcherPath, Predicate<String> reachable) {
        Set<String> dirs = new LinkedHashSet<>();
        for (String dir : (launcherPath == null ? "" : launcherPath).split(":")) {
            if (dir.startsWith("/") && !dirs.contains(dir) && reachable.test(dir)) {
                dirs.add(dir);
            }
        }
        dirs.addAll(SYSTEM);
        return String.join(":", dirs);
    }
}
