package io.mesoflow.secrets.core;

import io.mesoflow.events.LaunchRequested;
import io.mesoflow.events.LaunchesRequestedTogether;
import io.mesoflow.events.MesoflowEvent;
import io.mesoflow.events.TasksPlaced;
import java.util.ArrayList;
import java.util.List;

/**
 * What becomes of jobs placed to share one ACCEPT ({@code TasksPlacedTogether}) once each job's
 * secrets were resolved on its own (sealed for that job, read as its team: team isolation as for a
 * job placed alone). The jobs resolved go on together as one launch record; a job whose secret
 * fails ends in ERROR without holding up the others; a job whose secrets wait (Vault unreachable)
 * waits alone, as a placement of its own (its offers are then used by the others' ACCEPT, so its
 * launch, when it comes, is refused as never started and the job is placed again). The offers are
 * declined only when no job launches and none waits. Pure.
 */
public final class SharedLaunch {
    /** One job's secrets, resolved. */
    public sealed interface JobOutcome {
        TasksPlaced placed();
    }

    public record Launch(TasksPlaced placed, LaunchRequested request) implements JobOutcome {
    }

    public record Fail(TasksPlaced placed, String reason) implements JobOutcome {
    }

    public record Wait(TasksPlaced placed, String reason) implements JobOutcome {
    }

    /**
     * @param launch  the launch record to publish: one job's {@code LaunchRequested}, several jobs'
     *                {@code LaunchesRequestedTogether}, or null when no job launches
     * @param failed  the jobs whose tasks end in ERROR
     * @param waiting the jobs that wait for their secrets alone
     * @param decline whether the offers go back (no job launches or waits)
     */
    public record Plan(MesoflowEvent launch, List<Fail> failed, List<Wait> waiting, boolean decline) {
        public Plan {
            failed = List.copyOf(failed);
            waiting = List.copyOf(waiting);
        }
    }

    private SharedLaunch() {
    }

    public static Plan plan(String agentId, List<JobOutcome> outcomes) {
        List<LaunchRequested> launches = new ArrayList<>();
        List<Fail> failed = new ArrayList<>();
        List<Wait> waiting = new ArrayList<>();
        for (JobOutcome outcome : outcomes) {
            if (outcome instanceof Launch l) {
                launches.add(l.request());
            } else if (outcome instanceof Fail f) {
                failed.add(f);
            } else {
                waiting.add((Wait) outcome);
            }
        }
        MesoflowEvent launch = launches.isEmpty() ? null
                : launches.size() == 1 ? launches.get(0) : new LaunchesRequestedTogether(agentId, launches);
        return new Plan(launch, failed, waiting, launches.isEmpty() && waiting.isEmpty());
    }
}
