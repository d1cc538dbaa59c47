package io.mesoflow.launcher.progress;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Where a job's output location is on this host: an absolute path, or a {@code file:} URL of one
 * ({@code file:/p}, {@code file:///p}, {@code file://localhost/p}; percent-escapes decoded). Anything
 * else (a relative path, {@code hdfs://}, {@code s3://}, a {@code file:} URL of another host) is not
 * here: null.
 */
public final class OutputLocation {
    private OutputLocation() {
    }

    public static Path localDir(String outputDir) {
        if (outputDir == null || outputDir.isBlank()) {
            return null;
        }
        if (outputDir.startsWith("/")) {
            return outputDir.contains("://") ? null : path(outputDir);
        }
        URI uri;
        try {
            uri = new URI(outputDir);
        } catch (URISyntaxException e) {
            return null;
        }
        if (!"file".equalsIgnoreCase(uri.getScheme()) || uri.isOpaque()) {
            return null;
        }
        String host = uri.getRawAuthority();
        if (host != null && !host.isEmpty() && !host.equalsIgnoreCase("localhost")) {
            return null;
        }
        String path = uri.getPath();
        return path == null || !path.startsWith("/") ? null : path(path);
    }

    private static Path path(String path) {
        try {
            return Path.of(path);
        } catch (InvalidPathException e) {
            return null; // e.g. a NUL character
        }
    }
}
