package io.mesoflow.monitor;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** monitor-svc settings. */
@ConfigMapping(prefix = "mesoflow.monitor")
public interface MonitorConfig {
    /** Wait before the first relaunch of a job; doubles with every relaunch of the job. */
    @WithDefault("1s")
    Duration initialBackoff();

    /** Longest wait before a relaunch. */
    @WithDefault("60s")
    Duration maxBackoff();

    /** Up to this fraction of the back-off is added at random, so relaunches do not move in step. */
    @WithDefault("0.2")
    double backoffJitter();

    /** A task still staging or starting after this long is killed and relaunched. */
    @WithDefault("5m")
    Duration stuckTimeout();

    /** How long a job's TensorBoard stays up after the job ended. */
    @WithDefault("10m")
    Duration tensorboardLinger();

    /** How often due relaunches, deadlines and stuck tasks are checked. */
    @WithDefault("250ms")
    Duration tickInterval();
}
