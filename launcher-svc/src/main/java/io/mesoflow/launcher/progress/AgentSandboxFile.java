package io.mesoflow.launcher.progress;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/** A sandbox file on a Mesos agent, through its {@code /files/read} (as task logs are read). */
public final class AgentSandboxFile implements SandboxFile {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http;
    private final String agentUrl;
    private final Duration timeout;

    public AgentSandboxFile(HttpClient http, String agentUrl, Duration timeout) {
        this.http = http;
        this.agentUrl = agentUrl;
        this.timeout = timeout;
    }

    @Override
    public Optional<Chunk> read(String path, long offset, int length) throws IOException {
        URI uri = URI.create(agentUrl + "/files/read?path=" + URLEncoder.encode(path, StandardCharsets.UTF_8)
                + "&offset=" + offset + "&length=" + length);
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(uri).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        if (response.statusCode() != 200) {
            throw new IOException("/files/read answered HTTP " + response.statusCode());
        }
        JsonNode body = JSON.readTree(response.body());
        return Optional.of(new Chunk(body.path("data").asText(""), body.path("offset").asLong()));
    }
}
