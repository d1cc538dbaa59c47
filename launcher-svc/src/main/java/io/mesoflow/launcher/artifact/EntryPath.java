package io.mesoflow.launcher.artifact;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An archive entry's name as a path relative to the folder it is unpacked into. Pure. Why: the
 * launcher unpacks as root, so a name that is absolute or climbs with {@code ..} must never reach
 * the file system; such an archive is refused whole.
 */
final class EntryPath {
    private EntryPath() {
    }

    /**
     * The relative path of {@code name} ({@code "a/./b/"} is {@code a/b}); the empty path for the folder
     * itself ({@code "./"}). Throws for an absolute name, a {@code ..} component or a NUL character.
     */
    static Path of(String name) throws UnsafeArchiveException {
        if (name.indexOf('\0') >= 0) {
            throw new UnsafeArchiveException("archive entry name contains a NUL character: " + name.replace('\0', '?'));
        }
        if (name.startsWith("/")) {
            throw new UnsafeArchiveException("archive entry has an absolute path: " + name);
        }
        List<String> parts = new ArrayList<>();
        for (String part : name.split("/")) {
            if (part.equals("..")) {
                throw new UnsafeArchiveException("archive entry leaves its folder (..): " + name);
            }
            if (!part.isEmpty() && !part.equals(".")) {
                parts.add(part);
            }
        }
        return parts.isEmpty() ? Path.of("") : Path.of(parts.get(0), parts.subList(1, parts.size()).toArray(String[]::new));
    }
}
