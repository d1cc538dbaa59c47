package io.mesoflow.testing.mesos;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.mesos.v1.Protos.CommandInfo;

/**
 * The Mesos fetcher, simplified: puts each {@code CommandInfo.uris} entry into the sandbox.
 * Guarantees: {@code file://} URLs and absolute paths are copied, {@code http(s)} is fetched with
 * GET (non-200 fails); the file is named by {@code output_file} or the URI's last segment;
 * {@code extract} unpacks {@code .zip} (java.util.zip, entries may not leave the sandbox) and
 * {@code .tar.gz}/{@code .tgz}/{@code .tar} (with {@code tar}) into the sandbox, keeping the
 * archive as a real fetcher does unless the URI asks for the {@code cache} (a real fetcher then unpacks
 * its cache file, so only what the archive holds reaches the sandbox; nothing else of the cache is
 * simulated: every fetch downloads); {@code executable} sets the exec bit. Any failure is an
 * {@link IOException} naming the URI (why: a real agent then fails the task's container launch).
 */
final class Fetcher {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NORMAL).build();

    private Fetcher() {
    }

    static void fetchAll(Iterable<CommandInfo.URI> uris, Path sandbox) throws IOException {
        for (CommandInfo.URI uri : uris) {
            try {
                fetch(uri, sandbox);
            } catch (IOException | RuntimeException e) {
                throw new IOException("Failed to fetch '" + uri.getValue() + "': " + e.getMessage(), e);
            }
        }
    }

    static Path fetch(CommandInfo.URI uri, Path sandbox) throws IOException {
        String value = uri.getValue();
        String name = uri.hasOutputFile() && !uri.getOutputFile().isEmpty() ? uri.getOutputFile()
                : value.replaceAll("[?#].*$", "").replaceAll("^.*/", "");
        Path target = inside(sandbox, name.isEmpty() ? "download" : name);
        Files.createDirectories(target.getParent());
        if (value.startsWith("http://") || value.startsWith("https://")) {
            download(value, target);
        } else if (value.startsWith("file://") || value.startsWith("/")) {
            Path source = value.startsWith("file://") ? Path.of(URI.create(value)) : Path.of(value);
            Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
        } else {
            throw new IOException("unsupported URI (only file://, absolute paths and http(s) are simulated)");
        }
        if (uri.getExecutable()) {
            target.toFile().setExecutable(true, false);
        } else if (uri.getExtract() && extract(target, sandbox) && uri.getCache()) {
            Files.delete(target); // a real fetcher unpacks a cached archive from its cache: only the result is here
        }
        return target;
    }

    private static void download(String url, Path target) throws IOException {
        try {
            HttpResponse<Path> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                    .GET().build(), HttpResponse.BodyHandlers.ofFile(target));
            if (r.statusCode() != 200) {
                throw new IOException("HTTP " + r.statusCode());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
    }

    /** Whether {@code archive} was one (and is now unpacked). */
    private static boolean extract(Path archive, Path sandbox) throws IOException {
        String name = archive.getFileName().toString();
        if (name.endsWith(".zip")) {
            try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(archive))) {
                for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                    Path out = inside(sandbox, e.getName());
                    if (e.isDirectory()) {
                        Files.createDirectories(out);
                    } else {
                        Files.createDirectories(out.getParent());
                        Files.copy(zip, out, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        } else if (name.endsWith(".tar.gz") || name.endsWith(".tgz") || name.endsWith(".tar")) {
            tar(name.endsWith(".tar") ? "xf" : "xzf", archive, sandbox);
        } else {
            return false;
        }
        return true;
    }

    private static void tar(String mode, Path archive, Path sandbox) throws IOException {
        Process p = new ProcessBuilder("tar", mode, archive.toString(), "-C", sandbox.toString())
                .redirectErrorStream(true).start();
        try (InputStream out = p.getInputStream()) {
            String text = new String(out.readAllBytes());
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("tar " + mode + " failed: " + text.trim());
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
    }

    /** {@code relative} under {@code dir}, refusing paths that leave it. */
    static Path inside(Path dir, String relative) throws IOException {
        Path p = dir.resolve(relative).normalize();
        if (Path.of(relative).isAbsolute() || !p.startsWith(dir.normalize())) {
            throw new IOException("path '" + relative + "' would leave the sandbox");
        }
        return p;
    }
}
