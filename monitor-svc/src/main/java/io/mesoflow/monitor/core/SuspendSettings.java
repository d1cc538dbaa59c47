package io.mesoflow.monitor.core;

import java.time.Duration;

/**
 * How suspensions are carried out: {@code defaultGrace} when neither the request nor the job's spec
 * gives a grace period; {@code killTimeout}: how long after the grace a suspending job's kills are
 * sent again when its tasks have not all ended.
 */
public record SuspendSettings(Duration defaultGrace, Duration killTimeout) {
}
