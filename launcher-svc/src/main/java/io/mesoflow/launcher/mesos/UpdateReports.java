package io.mesoflow.launcher.mesos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mesoflow.events.TaskState;
import io.mesoflow.events.TaskStatusChanged;
import io.mesoflow.launcher.store.StatusReporter;
import io.mesoflow.launcher.task.OutputTail;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.v1.Protos;
import org.jboss.logging.Logger;

/**
 * Publishes the status of a Mesos update. A health check's "unhealthy" updates are dropped
 * ({@link MesosReadiness#published}). A failure is published with the last lines of the task's
 * {@code stderr}, read from its agent's {@code /files/read} (the DEFAULT executor only says "Command
 * exited with status 1", and TensorFlow writes its tracebacks to stderr): off the event stream's
 * thread, and without the lines when the agent has not answered within {@link #TAIL_WAIT}.
 */
@ApplicationScoped
public class UpdateReports {
    private static final Logger LOG = Logger.getLogger(UpdateReports.class);
    static final Duration TAIL_WAIT = Duration.ofSeconds(3);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    StatusReporter reporter;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    /** A status update and the status {@link MesosTaskFacts} made of it. */
    public record Update(Protos.TaskStatus status, TaskStatusChanged event) {
    }

    /**
     * Publishes a run of updates in order with one wait for the broker ({@link StatusReporter#tasks});
     * a health check's dropped update is left out. The stderr tails of the run's failures are read
     * first, all at once (each at most {@link #TAIL_WAIT}), so a failure keeps its place in the run.
     * Returns once every status is on the topic; throws when this launcher is no longer the acting
     * leader (the reporter then dropped the run), so that nothing of it is acknowledged and the master
     * resends it to the next leader.
     */
    public void publishAll(List<Update> run) {
        List<CompletableFuture<TaskStatusChanged>> reading = new ArrayList<>(run.size());
        for (Update u : run) {
            if (!MesosReadiness.published(u.status())) {
                LOG.debugf("not publishing the health check's update of %s: %s", u.event().taskId(), u.event().message());
            } else {
                reading.add(readsStderrFirst(u.event()) ? withStderr(u.event()) : CompletableFuture.completedFuture(u.event()));
            }
        }
        List<TaskStatusChanged> statuses = new ArrayList<>(reading.size());
        reading.forEach(r -> statuses.add(r.join()));
        reporter.tasks(statuses);
        if (!reporter.acting()) {
            throw new IllegalStateException("not the acting leader: a run of " + statuses.size()
                    + " statuses is left unacknowledged for the next leader");
        }
    }

    /** A failure with the last lines of its stderr after its message (as it is when the agent does not answer in time). */
    private CompletableFuture<TaskStatusChanged> withStderr(TaskStatusChanged event) {
        String said = event.message() != null ? event.message()
                : event.exitCode() != null ? "exited with code " + event.exitCode() : "failed";
        return stderrTail(event.agentUrl(), event.sandbox() + "/stderr")
                .completeOnTimeout("", TAIL_WAIT.toMillis(), TimeUnit.MILLISECONDS)
                .exceptionally(e -> {
                    LOG.debugf("no stderr of %s from its agent: %s", event.taskId(), e.getMessage());
                    return "";
                })
                .thenApply(tail -> event.withReason(event.reason(), OutputTail.appended(said, tail)));
    }

    private static boolean readsStderrFirst(TaskStatusChanged event) {
        return event.state() == TaskState.FAILED && event.agentUrl() != null && event.sandbox() != null;
    }

    /** The last lines of {@code path} on the agent: its size first, then its last {@link OutputTail#MAX_BYTES}. */
    CompletableFuture<String> stderrTail(String agentUrl, String path) {
        return read(agentUrl, path, -1, -1).thenCompose(sized -> {
            long start = Math.max(0, sized.path("offset").asLong() - OutputTail.MAX_BYTES);
            return read(agentUrl, path, start, OutputTail.MAX_BYTES).thenApply(chunk -> OutputTail.lastLines(
                    chunk.path("data").asText("").getBytes(StandardCharsets.UTF_8), start == 0));
        });
    }

    private CompletableFuture<JsonNode> read(String agentUrl, String path, long offset, long length) {
        URI uri = URI.create(agentUrl + "/files/read?path=" + URLEncoder.encode(path, StandardCharsets.UTF_8)
                + "&offset=" + offset + (length < 0 ? "" : "&length=" + length));
        return http.sendAsync(HttpRequest.newBuilder(uri).timeout(TAIL_WAIT).GET().build(),
                HttpResponse.BodyHandlers.ofString()).thenApply(response -> {
                    if (response.statusCode() != 200) {
                        throw new IllegalStateException("/files/read answered " + response.statusCode());
                    }
                    try {
                        return JSON.readTree(response.body());
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
    }
}
