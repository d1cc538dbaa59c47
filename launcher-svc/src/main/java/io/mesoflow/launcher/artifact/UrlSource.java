package io.mesoflow.launcher.artifact;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Optional;

/** Reads {@code file://}, {@code http://} and {@code https://} artifacts (redirects followed, 200 only). */
public final class UrlSource implements ArtifactSource {
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NORMAL)
            .connectTimeout(Duration.ofSeconds(20))
            .build();

    @Override
    public InputStream open(URI uri) throws IOException {
        switch (scheme(uri)) {
            case "file":
                try {
                    return Files.newInputStream(local(uri));
                } catch (NoSuchFileException e) {
                    throw new NoSuchFileException(e.getFile(), null, "no such artifact file");
                }
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

    /** A local file's size, modification time and inode; nothing for http(s). */
    @Override
    public Optional<String> version(URI uri) throws IOException {
        if (!scheme(uri).equals("file")) {
            return Optional.empty();
        }
        Path path = local(uri);
        BasicFileAttributes file;
        try {
            file = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(path.toString(), null, "no such artifact file");
        }
        return Optional.of(file.size() + " " + file.lastModifiedTime().toInstant() + " " + file.fileKey());
    }

    private static Path local(URI uri) throws IOException {
        try {
            return Path.of(uri);
        } catch (IllegalArgumentException e) { // file://host/..., file:relative
            throw new IOException("cannot read artifact " + uri + ": " + e.getMessage());
        }
    }

    private static String scheme(URI uri) {
        return uri.getScheme() == null ? "" : uri.getScheme();
    }
}
