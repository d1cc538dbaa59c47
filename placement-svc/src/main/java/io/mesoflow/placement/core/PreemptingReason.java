package io.mesoflow.placement.core;

import java.util.List;
import java.util.stream.Collectors;

/** What a preempting job's QUEUED status says while its victims checkpoint and release their resources. */
public final class PreemptingReason {
    /** One victim as the reason names it. */
    public record Victim(String jobId, int priority, double gpuHoursSinceCheckpoint) {
    }

    private PreemptingReason() {
    }

    public static String of(List<Victim> victims) {
        String named = victims.stream().map(v -> v.jobId() + " (priority " + v.priority() + ", "
                + VictimSelector.fmtHours(v.gpuHoursSinceCheckpoint()) + " GPU-hours since its checkpoint)")
                .collect(Collectors.joining(", "));
        return victims.size() == 1
                ? "preempting job " + named + ": waiting for it to checkpoint and release its resources"
                : "preempting jobs " + named + ": waiting for them to checkpoint and release their resources";
    }
}
