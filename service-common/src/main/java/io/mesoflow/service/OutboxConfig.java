package io.mesoflow.service;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How the outbox relay publishes. */
@ConfigMapping(prefix = "mesoflow.outbox")
public interface OutboxConfig {
    /** Longest wait between two relay passes when no commit wakes it up. */
    @WithDefault("500ms")
    Duration pollInterval();

    /** Most records published per pass. */
    @WithDefault("200")
    int batchSize();

    /** How long a pass waits for the broker's acknowledgements before it retries. */
    @WithDefault("30s")
    Duration sendTimeout();
}
