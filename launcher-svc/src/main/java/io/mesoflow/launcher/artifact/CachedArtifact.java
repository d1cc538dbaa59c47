package io.mesoflow.launcher.artifact;

import java.nio.file.Path;

/**
 * An artifact in the cache: the fetched file and, for an archive, the folder it was unpacked into.
 *
 * @param name   the file's name in a sandbox (the last segment of its URL)
 * @param file   the fetched file (read-only)
 * @param tree   what the archive holds; null for a single file
 * @param sha256 the file's SHA-256
 */
public record CachedArtifact(String name, Path file, Path tree, String sha256) {
}
