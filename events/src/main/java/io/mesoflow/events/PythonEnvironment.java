package io.mesoflow.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The Python packages a job's tasks run with. The task's wrapper builds a virtualenv from them once
 * per agent, Unix user and requirements digest, and runs the entry point with it first on PATH.
 *
 * @param requirements     pip requirement specifiers, e.g. {@code tensorflow-cpu>=2.16}
 * @param requirementsFile a requirements file inside the artifact, relative to the sandbox; read after
 *                         {@code requirements}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PythonEnvironment(List<String> requirements, String requirementsFile) {
    public PythonEnvironment {
        requirements = requirements == null ? List.of() : List.copyOf(requirements);
    }
}
