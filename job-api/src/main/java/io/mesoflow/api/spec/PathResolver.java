package io.mesoflow.api.spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Resolves a local path the way the kernel will when a task uses it: name by name, following
 * every symbolic link in the part that exists now ({@code ..} after a link goes to the parent of
 * its target), and lexically through the part that does not exist yet (it will be created as plain
 * directories). The result is absolute, with no {@code .}, {@code ..} or link in its existing part.
 */
public final class PathResolver {
    private PathResolver() {
    }

    /** What a path resolved to, or why it could not be resolved. */
    public record Resolved(Path path, String problem) {
        public boolean ok() {
            return path != null;
        }
    }

    /** Resolves {@code path}; a relative path is resolved against {@code base} first. */
    public static Resolved resolve(String path, Path base) {
        Path given;
        try {
            given = Path.of(path);
        } catch (InvalidPathException e) {
            return new Resolved(null, "is not a valid path: " + e.getReason());
        }
        return resolve(given.isAbsolute() ? given : base.resolve(given));
    }

    public static Resolved resolve(Path path) {
        Path absolute = path.toAbsolutePath();
        Path current = absolute.getRoot();
        for (Path name : absolute) {
            String part = name.toString();
            if (part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                current = current.getParent() == null ? current : current.getParent();
                continue;
            }
            Path next = current.resolve(part);
            if (Files.exists(next, LinkOption.NOFOLLOW_LINKS)) {
                try {
                    next = next.toRealPath();
                } catch (IOException e) {
                    return new Resolved(null, "cannot be resolved: " + current.relativize(next)
                            + " is a symbolic link that is dangling, loops or cannot be read");
                }
            } else if (!Files.notExists(next, LinkOption.NOFOLLOW_LINKS)) {
                return new Resolved(null, "cannot be resolved: " + next + " cannot be read");
            }
            current = next;
        }
        return new Resolved(current, null);
    }

    /** Whether {@code path} is {@code root} or inside it, both resolved. */
    public static boolean isUnder(Path path, Path root) {
        return path.startsWith(root);
    }
}
