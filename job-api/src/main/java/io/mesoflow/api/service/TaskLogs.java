package io.mesoflow.api.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.mesoflow.api.ApiConfig;
import io.mesoflow.api.model.TaskAttemptEntity;
import io.mesoflow.events.EventCodec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Reads a task attempt's {@code stdout} or {@code stderr} from its sandbox through the Mesos agent
 * {@code /files/read} API: at the agent that runs it when the backend said where (Mesos: each
 * agent's own address and port, from its offers), else at {@code mesoflow.api.logs.files-url}
 * (the launcher, for the local backend).
 */
@ApplicationScoped
public class TaskLogs {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    @Inject
    ApiConfig config;

    /** Bytes read from {@code offset}; {@code offset} is where they start. */
    public record Chunk(String data, long offset) {
        public long end() {
            return offset + data.getBytes(StandardCharsets.UTF_8).length;
        }
    }

    /** The file's size in bytes. */
    public long size(TaskAttemptEntity attempt, String stream) {
        return read(attempt, stream, -1, 0).offset();
    }

    public Chunk read(TaskAttemptEntity attempt, String stream, long offset, long length) {
        String base = attempt.agentUrl != null ? attempt.agentUrl : config.logs().filesUrl().replace("{hostname}",
                attempt.hostname == null ? "127.0.0.1" : attempt.hostname);
        String path = attempt.sandbox + "/" + stream;
        URI uri = URI.create(base + "/files/read?path=" + URLEncoder.encode(path, StandardCharsets.UTF_8)
                + "&offset=" + offset + "&length=" + length);
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 404) {
                return new Chunk("", Math.max(offset, 0));
            }
            if (response.statusCode() != 200) {
                throw new LogsUnavailableException("the sandbox of " + attempt.taskName + " answered HTTP "
                        + response.statusCode());
            }
            JsonNode body = EventCodec.mapper().readTree(response.body());
            return new Chunk(body.path("data").asText(""), body.path("offset").asLong());
        } catch (IOException e) {
            throw new LogsUnavailableException("the sandbox of " + attempt.taskName + " cannot be reached at " + base
                    + " (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LogsUnavailableException("interrupted");
        }
    }
}
