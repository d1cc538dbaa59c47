package io.mesoflow.placement;

import io.mesoflow.placement.core.GangPlacer;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** placement-svc settings. */
@ConfigMapping(prefix = "mesoflow.placement")
public interface PlacementConfig {
    /** Let CPU-only tasks use GPU agents when nothing else fits (GPUs may then be stranded). */
    @WithDefault("false")
    boolean cpuTasksOnGpuAgents();

    /** {@code pack}: the fullest agent that fits (keeps whole agents free); {@code spread}: the emptiest. */
    @WithDefault("pack")
    GangPlacer.Strategy strategy();

    /**
     * How long a relaunched task waits for its agent to offer the same ports again before it is
     * placed anywhere (which changes its address, so the rest of its cluster must be relaunched).
     */
    @WithDefault("30s")
    Duration relaunchSameAgentWait();

    /**
     * A job that has waited this long for resources stops backfill: no job behind it is placed
     * until it is (see docs/placement.md).
     */
    @WithDefault("10m")
    Duration backfillLimit();

    /**
     * How long an offer is held when no job waits for resources, before it is declined: a job or a
     * relaunch request travelling on another topic may be a moment behind the offer.
     */
    @WithDefault("1s")
    Duration offerIdleHold();

    /** How long an offer is held while jobs wait without fitting, before it is declined. */
    @WithDefault("30s")
    Duration offerHoldTimeout();

    /** The refusal filter sent with a decline: how long the backend should not offer those resources again. */
    @WithDefault("5s")
    Duration declineRefuse();

    /**
     * Resources the backend adds to every task, reserved with it: on Mesos the DEFAULT executor of
     * each task group needs 0.1 cpus, 32 MB mem and 10 MB disk (set those here); the local backend
     * needs none.
     */
    @WithDefault("0")
    double taskOverheadCpus();

    @WithDefault("0")
    double taskOverheadMemMb();

    @WithDefault("0")
    double taskOverheadDiskMb();

    /**
     * The most jobs of one pass that share one ACCEPT of an agent's offers: a job placed whole on
     * one agent leaves what the offers it accepted have left to the next jobs of the pass, which
     * join its ACCEPT (one launch record, one ACCEPT call) instead of waiting for the remainder to be
     * offered again. 1: each job accepts its own offers. See docs/placement.md.
     */
    @WithDefault("8")
    int jobsPerAccept();

    /** How often a pass runs without an event (hold timeouts, budgets whose window moved). */
    @WithDefault("5s")
    Duration tickInterval();

    /** Priority preemption (docs/suspend-and-preemption.md); a team's quota may override the policy. */
    Preemption preemption();

    /** GPU-hour budgets that act. */
    Budget budget();

    /** {@code mesoflow.placement.preemption.*}. */
    interface Preemption {
        /** {@code never}, {@code within-team} or {@code across-teams}: which running jobs a waiting job may preempt. */
        @WithDefault("never")
        io.mesoflow.events.PreemptionScope policy();

        /** With {@code across-teams}: other teams' jobs may be preempted only below this priority. */
        @WithDefault("0")
        int belowPriority();

        /** A job that ran less than this (since it was last placed) is not preempted. */
        @WithDefault("10m")
        Duration minRunTime();

        /** After its victims are SUSPENDED, a preempting job waits this long for their resources before it preempts again. */
        @WithDefault("60s")
        Duration releaseWait();
    }

    /** {@code mesoflow.placement.budget.*}. */
    interface Budget {
        /** A budget-suspended job resumes once at most (1 - this) of its team's budget is used in the window. */
        @WithDefault("0.1")
        double resumeHeadroom();
    }
}
