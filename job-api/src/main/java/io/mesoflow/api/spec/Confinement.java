package io.mesoflow.api.spec;

import io.mesoflow.events.ShownText;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Where a team's jobs may write and read on shared hosts.
 * <ul>
 *   <li>A local {@code outputDir} (a path, or a {@code file:} URL) must resolve, with {@code ..}
 *       and the symbolic links of its existing part followed, under the team's output root
 *       ({@code <output-root>/<team>} unless configured); a relative one is taken from that root.
 *       The resolved path is what the job gets.</li>
 *   <li>A remote {@code outputDir} ({@code hdfs://}, {@code gs://}, {@code s3://}, ...) must start
 *       with one of the team's configured prefixes (none by default) and hold no {@code .} or
 *       {@code ..} segment, query or fragment.</li>
 *   <li>A {@code file:} artifact must resolve under one of the artifact roots (none by default: no
 *       local artifacts); it becomes the {@code file:} URL of the resolved path. {@code http(s):}
 *       artifacts pass.</li>
 * </ul>
 * Paths resolve on job-api's host, at submission: the launcher shares that view of the file system
 * only where the two run side by side (the local backend).
 */
public final class Confinement {
    private final Path outputRoot;
    private final Map<String, Path> teamRoots;
    private final Map<String, List<String>> remotePrefixes;
    private final List<Path> artifactRoots;

    /** What a value became (the stored form), or why it is refused. */
    public record Checked(String value, String problem) {
        static Checked ok(String value) {
            return new Checked(value, null);
        }

        static Checked refused(String problem) {
            return new Checked(null, problem);
        }
    }

    /**
     * @param outputRoot     the default output root; a team's root is {@code <outputRoot>/<team>}
     * @param teamRoots      teams whose output root is elsewhere
     * @param remotePrefixes per team, the remote output locations it may use
     * @param artifactRoots  folders whose files may be {@code file:} artifacts
     */
    public Confinement(String outputRoot, Map<String, String> teamRoots, Map<String, List<String>> remotePrefixes,
                       List<String> artifactRoots) {
        this.outputRoot = Path.of(outputRoot).toAbsolutePath().normalize();
        this.teamRoots = teamRoots.entrySet().stream().collect(Collectors.toUnmodifiableMap(Map.Entry::getKey,
                e -> Path.of(e.getValue()).toAbsolutePath().normalize()));
        this.remotePrefixes = remotePrefixes.entrySet().stream().collect(Collectors.toUnmodifiableMap(
                Map.Entry::getKey, e -> e.getValue().stream().map(String::strip).filter(p -> !p.isEmpty())
                        .map(p -> p.endsWith("/") ? p : p + "/").toList()));
        this.artifactRoots = artifactRoots.stream().map(String::strip).filter(r -> !r.isEmpty())
                .map(r -> Path.of(r).toAbsolutePath().normalize()).toList();
    }

    /** The folder a team's local outputs must be in. The team name must be valid (no '/' or '..'). */
    public Path teamRoot(String team) {
        return teamRoots.getOrDefault(team, outputRoot.resolve(team));
    }

    /** Where a job that names no {@code outputDir} writes: {@code <team root>/<jobId>}. */
    public String defaultOutputDir(String team, String jobId) {
        return teamRoot(team).resolve(jobId).toString();
    }

    public Checked outputDir(String team, String outputDir) {
        if (!outputDir.contains("://")) {
            return localOutput(team, outputDir);
        }
        URI uri;
        try {
            uri = new URI(outputDir);
        } catch (URISyntaxException e) {
            return Checked.refused("is not a valid URI: " + e.getReason());
        }
        if ("file".equals(uri.getScheme())) {
            String hostProblem = localHostProblem(uri);
            return hostProblem != null ? Checked.refused(hostProblem) : localOutput(team, uri.getPath());
        }
        List<String> allowed = remotePrefixes.getOrDefault(team, List.of());
        if (allowed.isEmpty()) {
            return Checked.refused("team '" + team + "' may not write to remote locations (no output prefix is "
                    + "configured for it); use a path under " + teamRoot(team));
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null || hasDotSegment(uri.getPath())) {
            return Checked.refused("must not contain '.' or '..' segments, a query or a fragment");
        }
        boolean under = allowed.stream().anyMatch(p -> outputDir.startsWith(p) || (outputDir + "/").equals(p));
        return under ? Checked.ok(outputDir)
                : Checked.refused("must be under an output prefix of team '" + team + "': " + allowed);
    }

    private Checked localOutput(String team, String path) {
        Path root = teamRoot(team);
        PathResolver.Resolved resolvedRoot = PathResolver.resolve(root);
        PathResolver.Resolved resolved = PathResolver.resolve(path, root);
        if (!resolvedRoot.ok()) {
            return Checked.refused("team '" + team + "' has an output root that " + resolvedRoot.problem());
        }
        if (!resolved.ok()) {
            return Checked.refused(resolved.problem());
        }
        return PathResolver.isUnder(resolved.path(), resolvedRoot.path()) ? Checked.ok(resolved.path().toString())
                : Checked.refused("must be under " + root + " (the output root of team '" + team
                        + "'; '..' and symbolic links are followed)");
    }

    /** Checks an artifact URL whose syntax and scheme ({@code file}, {@code http}, {@code https}) are valid. */
    public Checked artifactUrl(URI uri) {
        if (!"file".equals(uri.getScheme())) {
            return Checked.ok(uri.toString());
        }
        String allowed = "allowed roots: " + (artifactRoots.isEmpty() ? "none (mesoflow.api.artifacts.roots is "
                + "empty: use an http:// or https:// URL)" : artifactRoots.toString());
        String hostProblem = localHostProblem(uri);
        if (hostProblem != null) {
            return Checked.refused(hostProblem + "; " + allowed);
        }
        if (artifactRoots.isEmpty()) {
            return Checked.refused("local files are not allowed as artifacts here; " + allowed);
        }
        PathResolver.Resolved resolved = PathResolver.resolve(Path.of(uri.getPath()));
        if (!resolved.ok()) {
            return Checked.refused(resolved.problem() + "; " + allowed);
        }
        boolean under = artifactRoots.stream().map(PathResolver::resolve)
                .anyMatch(root -> root.ok() && PathResolver.isUnder(resolved.path(), root.path()));
        if (!under) {
            return Checked.refused("must be a file under an allowed artifact root ('..' and symbolic links are "
                    + "followed); " + allowed);
        }
        if (Files.isDirectory(resolved.path())) {
            return Checked.refused("names a folder; it must name a file (a .zip or a single script)");
        }
        return Checked.ok(resolved.path().toUri().toString());
    }

    private static String localHostProblem(URI uri) {
        String host = uri.getRawAuthority();
        return host == null || host.isEmpty() || host.equals("localhost") ? null
                : "a file: URL must not name a host ('" + ShownText.of(host) + "')";
    }

    private static boolean hasDotSegment(String path) {
        if (path == null) {
            return false;
        }
        Set<String> dots = Set.of(".", "..");
        for (String segment : path.split("/", -1)) {
            if (dots.contains(segment)) {
                return true;
            }
        }
        return false;
    }
}
