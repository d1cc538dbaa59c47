package io.mesoflow.api.rest;

import io.mesoflow.api.ApiConfig;
import io.mesoflow.api.TaskLogs;
import io.mesoflow.api.model.TaskAttemptEntity;
import io.mesoflow.api.spec.FieldError;
import io.mesoflow.api.spec.SpecValidationException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A task's stdout or stderr: the last {@code tail} bytes, or from {@code offset}; with
 * {@code follow=true} the answer stays open and streams new output until the attempt has ended.
 * The {@code Mesoflow-Log-Offset} header says where the returned text ends, for polling clients.
 */
@Path("/api/v1/jobs/{id}/tasks/{task}/logs")
public class TaskLogResource {
    @Inject
    Access access;

    @Inject
    TaskLogs logs;

    @Inject
    ApiConfig config;

    @GET
    @Produces("text/plain")
    public Response logs(@PathParam("id") String id, @PathParam("task") String task,
                         @QueryParam("stream") @DefaultValue("stdout") String stream,
                         @QueryParam("attempt") Integer attempt,
                         @QueryParam("tail") @DefaultValue("65536") long tail,
                         @QueryParam("offset") Long offset,
                         @QueryParam("follow") @DefaultValue("false") boolean follow) {
        if (!stream.equals("stdout") && !stream.equals("stderr")) {
            throw new SpecValidationException(List.of(new FieldError("stream", "must be stdout or stderr")));
        }
        TaskAttemptEntity found = QuarkusTransaction.requiringNew().call(() -> attempt(id, task, attempt));
        long start;
        try {
            start = offset != null ? offset : Math.max(0, logs.size(found, stream) - Math.max(0, tail));
        } catch (TaskLogs.UnavailableException e) {
            return unavailable(e);
        }
        if (!follow) {
            try {
                TaskLogs.Chunk chunk = logs.read(found, stream, start, -1);
                return Response.ok(chunk.data()).header("Mesoflow-Log-Offset", chunk.end()).build();
            } catch (TaskLogs.UnavailableException e) {
                return unavailable(e);
            }
        }
        StreamingOutput body = out -> follow(found, stream, start, out);
        return Response.ok(body).build();
    }

    private void follow(TaskAttemptEntity attempt, String stream, long start, OutputStream out) throws IOException {
        long position = start;
        boolean ended = false;
        while (true) {
            TaskLogs.Chunk chunk = logs.read(attempt, stream, position, -1);
            if (!chunk.data().isEmpty()) {
                out.write(chunk.data().getBytes(StandardCharsets.UTF_8));
                out.flush();
                position = chunk.end();
                continue;
            }
            if (ended) {
                return;
            }
            ended = QuarkusTransaction.requiringNew().call(() -> {
                TaskAttemptEntity now = TaskAttemptEntity.findById(attempt.id);
                return now == null || now.state.isTerminal();
            });
            if (!ended) {
                try {
                    Thread.sleep(config.logs().followInterval().toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private TaskAttemptEntity attempt(String id, String task, Integer attempt) {
        access.job(id);
        TaskAttemptEntity found = attempt == null
                ? TaskAttemptEntity.find("jobId = ?1 and taskName = ?2 order by attempt desc", id, task).firstResult()
                : TaskAttemptEntity.find("jobId = ?1 and taskName = ?2 and attempt = ?3", id, task, attempt).firstResult();
        if (found == null) {
            throw new NotFoundException("job " + id + " has no task '" + task + "'"
                    + (attempt == null ? "" : " with attempt " + attempt));
        }
        if (found.sandbox == null) {
            throw new NotFoundException("task " + task + " of job " + id + " has no sandbox yet (" + found.state + ")");
        }
        return found;
    }

    private static Response unavailable(TaskLogs.UnavailableException e) {
        return ProblemMappers.problem(ProblemDetail.of(502, "logs-unavailable", "Logs unavailable", e.getMessage()));
    }
}
