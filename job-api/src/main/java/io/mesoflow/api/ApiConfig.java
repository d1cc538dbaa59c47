package io.mesoflow.api;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** job-api settings. */
@ConfigMapping(prefix = "mesoflow.api")
public interface ApiConfig {
    /** Where a job without an {@code outputDir} writes: {@code <root>/<jobId>}. */
    @WithDefault("${user.home}/.mesoflow/outputs")
    String defaultOutputRoot();

    /** Largest page {@code GET /api/v1/jobs} returns. */
    @WithDefault("100")
    int maxPageSize();

    /** Task logs. */
    Logs logs();

    /** Finished jobs' history. */
    History history();

    interface Logs {
        /**
         * Base URL of the service that serves task sandboxes with the Mesos agent
         * {@code /files/read} API, for attempts whose status names no agent endpoint. On Mesos every
         * status names its agent's own endpoint (from the agent's offers), so this is only the
         * fallback ({@code {hostname}} is replaced by the task's host, e.g. {@code http://{hostname}:5051});
         * the default is the launcher's local backend.
         */
        @WithDefault("http://127.0.0.1:8083")
        String filesUrl();

        /** How often a followed log is polled. */
        @WithDefault("500ms")
        Duration followInterval();
    }

    interface History {
        /** Jobs that ended longer ago than this are deleted with their revisions, attempts and events. */
        @WithDefault("30d")
        Duration retention();

        /** How often old jobs are pruned. */
        @WithDefault("1h")
        Duration pruneInterval();
    }
}
