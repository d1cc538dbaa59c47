package io.mesoflow.api;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** job-api settings. */
@ConfigMapping(prefix = "mesoflow.api")
public interface ApiConfig {
    /** Where a job without an {@code outputDir} writes: {@code <root>/<jobId>}. */
    @WithDefault("${user.home}/.mesoflow/outputs")
    String defaultOutputRoot();

    /** Largest page {@code GET /api/v1/jobs} returns. */
    @WithDefault("100")
    int maxPageSize();
}
