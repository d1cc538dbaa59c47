package io.mesoflow.placement;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** placement-svc settings. */
@ConfigMapping(prefix = "mesoflow.placement")
public interface PlacementConfig {
    /** Let CPU-only tasks use GPU agents when nothing else fits (GPUs may then be stranded). */
    @WithDefault("false")
    boolean cpuTasksOnGpuAgents();

    /**
     * How long a relaunched task waits for its agent to offer the same ports again before it is
     * placed anywhere (which changes its address, so the rest of its cluster must be relaunched).
     */
    @WithDefault("30s")
    java.time.Duration relaunchSameAgentWait();
}
