package io.mesoflow.launcher.artifact;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** {@link UrlSource}, counting how often an artifact is read, optionally slowly (to overlap requests). */
final class CountingSource implements ArtifactSource {
    final AtomicInteger opened = new AtomicInteger();
    private final UrlSource source = new UrlSource();
    private final long delayMillis;

    CountingSource(long delayMillis) {
        this.delayMillis = delayMillis;
    }

    @Override
    public InputStream open(URI uri) throws IOException {
        opened.incrementAndGet();
        try {
            Thread.sleep(delayMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return source.open(uri);
    }

    @Override
    public Optional<String> version(URI uri) throws IOException {
        return source.version(uri);
    }
}
