package io.mesoflow.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mesoflow submit FILE}: submits a job spec; a relative artifactUrl is taken from FILE's folder. */
@Command(name = "submit", description = "Submit a job spec (JSON), native or DC/OS beta-tensorflow options. "
        + "A relative artifactUrl is resolved against the spec file's folder into a file:// URL.")
class SubmitCommand extends ApiCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "the job spec file")
    Path file;

    @Option(names = "--wait", description = "wait for the job to end (exit code as for 'wait')")
    boolean waitForEnd;

    @Override
    public Integer call() {
        JsonNode request = read(file);
        boolean dcos = request.path("service").isObject() && request.path("service").has("job_url");
        JsonNode answer = dcos ? client().post("/api/v1/jobs/dcos", request.toString())
                : client().post("/api/v1/jobs", resolveArtifact(request, file));
        JsonNode job = dcos ? answer.get("job") : answer;
        if (dcos) {
            answer.path("warnings").forEach(w -> err().println("note: " + TerminalText.clean(w.asText())));
        }
        print(answer, out -> out.println(job.get("id").asText()));
        if (waitForEnd) {
            return WaitCommand.waitFor(client(), job.get("id").asText(), java.time.Duration.ofHours(24), err(),
                    parent.json, display(), java.time.Duration.ofSeconds(30));
        }
        return ExitCodes.OK;
    }

    static JsonNode read(Path file) {
        try {
            return ApiClient.JSON.readTree(Files.readString(file));
        } catch (java.nio.file.NoSuchFileException e) {
            throw new CliException(ExitCodes.NOT_FOUND, "no such file: " + file);
        } catch (IOException e) {
            throw new CliException(ExitCodes.INVALID_SPEC, file + " is not valid JSON: " + e.getMessage());
        }
    }

    /** A relative artifactUrl (no scheme) becomes the file:// URL of that path next to the spec. */
    static String resolveArtifact(JsonNode spec, Path file) {
        if (spec instanceof ObjectNode object && spec.path("artifactUrl").isTextual()) {
            String url = spec.get("artifactUrl").asText();
            if (!url.contains(":")) {
                Path dir = file.toAbsolutePath().getParent();
                object.put("artifactUrl", dir.resolve(url).normalize().toUri().toString());
            }
        }
        return spec.toString();
    }
}
