package io.mesoflow.launcher.artifact;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Optional;

/** Where an artifact's bytes come from ({@link UrlSource}; tests count what is read). */
public interface ArtifactSource {
    /** The artifact's bytes; the caller closes the stream. */
    InputStream open(URI uri) throws IOException;

    /**
     * What changes when the artifact at {@code uri} changes, learned without reading it (a local file's
     * size and modification time); empty where nothing tells (http(s): cached by URL).
     */
    Optional<String> version(URI uri) throws IOException;
}
