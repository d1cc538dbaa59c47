package io.mesoflow.api.rest;

import io.mesoflow.api.model.TaskAttemptEntity;
import io.mesoflow.api.service.LogStream;
import io.mesoflow.api.service.LogsUnavailableException;
import io.mesoflow.api.service.TaskOutput;
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
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A task's output: {@code stream=both} (the default) shows stdout and stderr in labelled sections
 * ({@code ==> stdout <==}, {@code ==> stderr <==}), {@code stdout} or {@code stderr} one file as it
 * is. Each file from its last {@code tail} bytes, or from {@code offset} (one file only); with
 * {@code follow=true} the answer stays open and streams new output until the attempt has ended.
 * Where each file's text ends, for polling clients: {@code Mesoflow-Log-Offset} for one file,
 * {@code Mesoflow-Log-Offset-Stdout} and {@code Mesoflow-Log-Offset-Stderr} for both.
 */
@Path("/api/v1/jobs/{id}/tasks/{task}/logs")
public class TaskLogResource {
    static final String OFFSET_HEADER = "Mesoflow-Log-Offset";

    @Inject
    Access access;

    @Inject
    TaskOutput output;

    @GET
    @Produces("text/plain")
    public Response logs(@PathParam("id") String id, @PathParam("task") String task,
                         @QueryParam("stream") @DefaultValue("both") String streamName,
                         @QueryParam("attempt") Integer attempt,
                         @QueryParam("tail") @DefaultValue("65536") long tail,
                         @QueryParam("offset") Long offset,
                         @QueryParam("follow") @DefaultValue("false") boolean follow) {
        LogStream stream = LogStream.find(streamName).orElseThrow(() -> new SpecValidationException(List.of(
                new FieldError("stream", "must be stdout, stderr or both (the default), not '" + streamName + "'"))));
        if (offset != null && stream.labelled()) {
            throw new SpecValidationException(List.of(new FieldError("offset",
                    "is an offset in one file: give stream=stdout or stream=stderr with it")));
        }
        TaskAttemptEntity found = QuarkusTransaction.requiringNew().call(() -> attempt(id, task, attempt));
        try {
            Map<String, Long> starts = output.starts(found, stream, tail, offset);
            if (follow) {
                StreamingOutput body = out -> output.follow(found, stream, starts, out);
                return Response.ok(body).build();
            }
            TaskOutput.Snapshot snapshot = output.read(found, stream, starts);
            Response.ResponseBuilder response = Response.ok(snapshot.text());
            snapshot.ends().forEach((file, end) -> response.header(offsetHeader(stream, file), end));
            return response.build();
        } catch (LogsUnavailableException e) {
            return ProblemMappers.problem(ProblemDetail.of(502, "logs-unavailable", "Logs unavailable", e.getMessage()));
        }
    }

    /** {@code Mesoflow-Log-Offset} for one file, {@code Mesoflow-Log-Offset-Stdout} (or {@code -Stderr}) for both. */
    static String offsetHeader(LogStream stream, String file) {
        return stream.labelled() ? OFFSET_HEADER + "-" + file.substring(0, 1).toUpperCase(Locale.ROOT)
                + file.substring(1) : OFFSET_HEADER;
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
}
