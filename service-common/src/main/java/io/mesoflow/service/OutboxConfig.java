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

    /**
     * Whether the relay also runs a pass every {@link #pollInterval} when no commit wakes it
     * (default true). The poll is what publishes the records another instance committed and crashed
     * before relaying. false: a pass one poll interval after start (what an earlier run left), then
     * only on the wake-ups of this instance's commits (and the retries of a busy lock or a failed
     * pass), no timer: for a service that never writes to its outbox (secrets-svc, launcher-svc),
     * whose relay would otherwise wake twice a second for nothing.
     */
    @WithDefault("true")
    boolean pollWhenIdle();

    /** Most records published per pass. */
    @WithDefault("200")
    int batchSize();

    /** How long a pass waits for the broker's acknowledgements before it retries. */
    @WithDefault("30s")
    Duration sendTimeout();
}
