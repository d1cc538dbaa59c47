package io.mesoflow.launcher.local;

import io.mesoflow.launcher.LauncherConfig;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;

/**
 * The local backend's task sandboxes over HTTP, with the same request and answer as a Mesos
 * agent's {@code GET /files/read?path=&offset=&length=}, so job-api reads task logs the same way
 * from either backend.
 */
@Path("/files")
public class SandboxFilesResource {
    private final SandboxFiles files;

    @Inject
    public SandboxFilesResource(LauncherConfig config) {
        this.files = new SandboxFiles(java.nio.file.Path.of(config.local().workDir()));
    }

    @GET
    @Path("/read")
    @Produces(MediaType.APPLICATION_JSON)
    public Response read(@QueryParam("path") String path, @QueryParam("offset") @DefaultValue("0") long offset,
                         @QueryParam("length") @DefaultValue("-1") long length) throws IOException {
        if (path == null || path.isBlank()) {
            return Response.status(400).entity("Expecting 'path=value' in query.").type(MediaType.TEXT_PLAIN).build();
        }
        return files.read(path, offset, length)
                .map(chunk -> Response.ok(chunk).build())
                .orElseGet(() -> Response.status(404).type(MediaType.TEXT_PLAIN).build());
    }
}
