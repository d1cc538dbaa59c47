package io.mesoflow.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A small client of job-api's HTTP API; errors become {@link CliException}s with the problem's words. */
public final class ApiClient {
    static final ObjectMapper JSON = new ObjectMapper();
    private final CliConfig config;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public ApiClient(CliConfig config) {
        this.config = config;
    }

    public JsonNode get(String path) {
        return send(request(path).GET().build());
    }

    public JsonNode post(String path, String body) {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    public JsonNode patch(String path, String body) {
        return send(request(path).header("Content-Type", "application/merge-patch+json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body)).build());
    }

    public JsonNode put(String path, String body) {
        return send(request(path).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    public void delete(String path) {
        send(request(path).DELETE().build());
    }

    /**
     * Copies a text answer (e.g. a followed log) to {@code out} as it arrives, until the server
     * ends it.
     */
    public void stream(String path, java.io.OutputStream out) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(config.api() + path))
                .header("Accept", "text/plain");
        if (config.token() != null) {
            builder.header("Authorization", "Bearer " + config.token());
        }
        HttpRequest request = builder.GET().build();
        try {
            HttpResponse<java.io.InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (java.io.InputStream in = response.body()) {
                if (response.statusCode() >= 300) {
                    String body = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                    throw new CliException(exitCodeOf(response.statusCode()),
                            describeProblem(response.statusCode(), parse(body)));
                }
                byte[] buffer = new byte[8192];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            }
        } catch (IOException e) {
            throw new CliException(ExitCodes.API_ERROR, "cannot reach the MesoFlow API at " + config.api()
                    + " (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCodes.API_ERROR, "interrupted");
        }
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(config.api() + path))
                .timeout(Duration.ofSeconds(30))
                .header("Accept", "application/json");
        if (config.token() != null) {
            builder.header("Authorization", "Bearer " + config.token());
        }
        return builder;
    }

    private JsonNode send(HttpRequest request) {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new CliException(ExitCodes.API_ERROR, "cannot reach the MesoFlow API at " + config.api()
                    + " (" + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCodes.API_ERROR, "interrupted");
        }
        JsonNode body = parse(response.body());
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return body;
        }
        throw new CliException(exitCodeOf(status), describeProblem(status, body));
    }

    static int exitCodeOf(int status) {
        return switch (status) {
            case 400, 413, 422 -> ExitCodes.INVALID_SPEC;
            case 404 -> ExitCodes.NOT_FOUND;
            case 401, 403 -> ExitCodes.NOT_ALLOWED;
            default -> ExitCodes.API_ERROR;
        };
    }

    static String describeProblem(int status, JsonNode body) {
        StringBuilder s = new StringBuilder();
        s.append(body != null && body.hasNonNull("title") ? Output.text(body, "title") : "HTTP " + status);
        if (body != null && body.hasNonNull("detail")) {
            s.append(": ").append(Output.text(body, "detail"));
        }
        if (body != null && body.has("errors")) {
            for (JsonNode error : body.get("errors")) {
                s.append(System.lineSeparator()).append("  ")
                        .append(error.path("field").asText().isEmpty() ? "(body)"
                                : TerminalText.clean(error.path("field").asText()))
                        .append(": ").append(TerminalText.clean(error.path("reason").asText()));
            }
        }
        return s.toString();
    }

    private static JsonNode parse(String body) {
        try {
            return body == null || body.isBlank() ? null : JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }
}
