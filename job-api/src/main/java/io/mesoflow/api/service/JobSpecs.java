package io.mesoflow.api.service;

import io.mesoflow.api.eta.Demand;
import io.mesoflow.events.JobSpec;
import io.mesoflow.events.RoleSpec;
import io.mesoflow.events.TaskName;
import io.mesoflow.service.DecodedJson;

/**
 * Reading what progress and ETAs need from a stored spec (the JobSpec JSON of the job's revision).
 * Every progress record (GPU budget check) and every queue estimate reads the specs of many jobs
 * again: each spec text is decoded once ({@link DecodedJson}) and the value shared, so callers must
 * not change it.
 */
public final class JobSpecs {
    /** Decoded specs by text: a changed spec is a new text, never a stale value. */
    private static final DecodedJson<JobSpec> SPECS = new DecodedJson<>(JobSpec.class, 4096);

    private JobSpecs() {
    }

    /** The spec the text decodes to (shared: do not change it); fails for a text that does not read. */
    public static JobSpec parse(String specJson) {
        return SPECS.of(specJson);
    }

    /** The job's whole demand; none for a spec that no longer reads. */
    public static Demand demand(String specJson) {
        try {
            return Demand.of(parse(specJson));
        } catch (RuntimeException e) {
            return Demand.NONE;
        }
    }

    /** The GPUs one task of the spec holds (its role's), 0 for a name that is no task. */
    public static int gpusOf(JobSpec spec, String taskName) {
        return TaskName.tryParse(taskName).map(t -> spec.role(t.role())).map(RoleSpec::gpus).orElse(0);
    }
}
