package io.mesoflow.api;

import io.mesoflow.api.spec.Confinement;
import io.mesoflow.api.spec.JobSpecParser;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/** The job spec parser with this instance's confinement ({@code mesoflow.api.outputs.*}, {@code artifacts.*}). */
@ApplicationScoped
public class SpecRules {
    private final JobSpecParser parser;

    @Inject
    public SpecRules(ApiConfig config) {
        this.parser = new JobSpecParser(new Confinement(config.defaultOutputRoot(), config.outputs().teamRoots(),
                config.outputs().remotePrefixes(), config.artifacts().roots().orElse(List.of())),
                config.images().allowed());
    }

    public JobSpecParser parser() {
        return parser;
    }
}
