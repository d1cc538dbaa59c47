package io.mesoflow.api.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mesoflow.events.JobSpec;
import java.nio.file.Path;

/**
 * A spec found acceptable, before it belongs to a job: {@code request} is what will be stored (the
 * caller's team filled in), {@code spec} what was read from it. The job id is minted only now, from
 * the validated name, but the parser names a default output dir after the job: it was read under
 * {@link #PROVISIONAL_ID}, and {@link #forJob} gives that folder the job's id.
 */
public record AcceptedSpec(ObjectNode request, JobSpec spec) {
    /** The job id the spec is read under; only the default output dir's last folder ever holds it. */
    public static final String PROVISIONAL_ID = "provisional-job-id";

    /** The spec of job {@code jobId}: naming no output dir, it writes to the folder of that id in its team's root. */
    public JobSpec forJob(String jobId) {
        if (request.hasNonNull("outputDir")) {
            return spec;
        }
        return spec.withOutputDir(Path.of(spec.outputDir()).resolveSibling(jobId).toString());
    }
}
