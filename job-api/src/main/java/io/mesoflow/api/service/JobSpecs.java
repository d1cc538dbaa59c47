package io.mesoflow.api.service;

import io.mesoflow.api.eta.Demand;
import io.mesoflow.events.EventCodec;
import io.mesoflow.events.JobSpec;
import io.mesoflow.events.RoleSpec;
import io.mesoflow.events.TaskName;

/** Reading what progress and ETAs need from a stored spec (the JobSpec JSON of the job's revision). */
public final class JobSpecs {
    private JobSpecs() {
    }

    public static JobSpec parse(String specJson) {
        return EventCodec.fromJson(specJson, JobSpec.class);
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
