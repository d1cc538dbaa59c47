package io.mesoflow.testing.mesos;

import java.time.Duration;

/**
 * Timings of a simulated cluster, shared by its master and agents; settable while it runs.
 * Defaults are a real cluster's where one exists: 10 s before an unacknowledged status update is
 * resent, 3 s between SIGTERM and SIGKILL of a killed task; offers every 200 ms (a real master
 * allocates every second; shorter keeps tests fast).
 */
public final class Settings {
    volatile Duration allocationInterval = Duration.ofMillis(200);
    volatile Duration killGracePeriod = Duration.ofSeconds(3);
    volatile Duration ackRetry = Duration.ofSeconds(10);

    public Duration allocationInterval() {
        return allocationInterval;
    }

    public Duration killGracePeriod() {
        return killGracePeriod;
    }

    public Duration ackRetry() {
        return ackRetry;
    }
}
