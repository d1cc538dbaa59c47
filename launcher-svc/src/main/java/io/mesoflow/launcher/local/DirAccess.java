package io.mesoflow.launcher.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Whether a task's user can reach a directory: search permission on every directory of its real path. */
final class DirAccess {
    private DirAccess() {
    }

    /**
     * The first directory on the way to {@code dir} that {@code user} may not search, described with
     * its mode and owner; empty when it can reach it. A path not there yet is checked up to its deepest
     * existing ancestor (what the launcher creates below is searchable: {@link TaskFiles#createSearchable}).
     */
    static Optional<String> blocked(Path dir, UnixUser user) {
        Path existing = dir.toAbsolutePath().normalize();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return Optional.empty();
        }
        try {
            for (Path step : steps(existing.toRealPath())) {
                Map<String, Object> a = Files.readAttributes(step, "unix:mode,uid,gid");
                int mode = (Integer) a.get("mode");
                if (!user.canSearch(mode, (Integer) a.get("uid"), (Integer) a.get("gid"))) {
                    return Optional.of(step + " (mode " + Integer.toOctalString(mode & 07777) + ", owner uid "
                            + a.get("uid") + ")");
                }
            }
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.of(existing + " (" + e.getMessage() + ")");
        }
    }

    /** Whether {@code dir} exists and {@code user} can reach it. */
    static boolean reachable(String dir, UnixUser user) {
        Path path = Path.of(dir);
        return path.isAbsolute() && Files.isDirectory(path) && blocked(path, user).isEmpty();
    }

    /** {@code /}, {@code /a}, {@code /a/b} for {@code /a/b}. */
    private static List<Path> steps(Path real) {
        List<Path> steps = new ArrayList<>();
        Path step = real.getRoot();
        steps.add(step);
        for (Path name : real) {
            step = step.resolve(name);
            steps.add(step);
        }
        return steps;
    }
}
