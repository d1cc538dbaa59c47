package io.mesoflow.placement;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** placement-svc settings. */
@ConfigMapping(prefix = "mesoflow.placement")
public interface PlacementConfig {
    /** Let CPU-only tasks use GPU agents when nothing else fits (GPUs may then be stranded). */
    @WithDefault("false")
    boolean cpuTasksOnGpuAgents();
}
