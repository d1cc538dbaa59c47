package io.mesoflow.launcher.local;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/** Fetches a task's artifact (file://, http://, https://) into its sandbox; a .zip is unpacked there. */
public final class ArtifactFetcher {
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NORMAL)
            .connectTimeout(Duration.ofSeconds(20))
            .build();

    private ArtifactFetcher() {
    }

    /** Returns the fetched file (or the sandbox for an unpacked zip). */
    public static Path fetch(String url, Path sandbox) throws IOException {
        URI uri = URI.create(url);
        String name = Path.of(uri.getPath()).getFileName().toString();
        Path target = sandbox.resolve(name);
        try (InputStream in = open(uri)) {
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        if (name.endsWith(".zip")) {
            unzip(target, sandbox);
            return sandbox;
        }
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
        return target;
    }

    private static InputStream open(URI uri) throws IOException {
        switch (uri.getScheme()) {
            case "file":
                return Files.newInputStream(Path.of(uri));
            case "http", "https":
                try {
                    HttpResponse<InputStream> response = HTTP.send(HttpRequest.newBuilder(uri)
                            .timeout(Duration.ofMinutes(10)).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
                    if (response.statusCode() != 200) {
                        response.body().close();
                        throw new IOException("GET " + uri + " answered " + response.statusCode());
                    }
                    return response.body();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted fetching " + uri, e);
                }
            default:
                throw new IOException("cannot fetch scheme " + uri.getScheme());
        }
    }

    static void unzip(Path zip, Path into) throws IOException {
        Path root = into.toAbsolutePath().normalize();
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                Path target = root.resolve(entry.getName()).normalize();
                if (!target.startsWith(root)) {
                    throw new IOException("zip entry escapes the sandbox: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
