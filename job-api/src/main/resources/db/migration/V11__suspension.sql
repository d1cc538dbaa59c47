-- Suspend and resume (docs/suspend-and-preemption.md). The job's latest suspension (JSON: cause,
-- requestedBy, reason, gracePeriodSeconds, gpuHoursSinceCheckpoint, checkpointStep, at, resumedAt),
-- kept after a resume; null when never suspended.
ALTER TABLE jobs ADD COLUMN suspension TEXT;
-- The status time of the job's last suspend/resume boundary (entering SUSPENDING/SUSPENDED, or
-- leaving SUSPENDED for the queue): a non-terminal status older than it is a late one and ignored.
ALTER TABLE jobs ADD COLUMN cycle_at TIMESTAMPTZ;
-- When a user's resume was asked for while the job is SUSPENDED (a second one is a no-op).
ALTER TABLE jobs ADD COLUMN resume_requested_at TIMESTAMPTZ;
-- A timeline line about a suspension carries it (JSON as above).
ALTER TABLE job_events ADD COLUMN suspension TEXT;

-- Commands from mesoflow.job-commands, by command id (the record key, else <partition>-<offset>):
-- a redelivered command is answered again with the result it had, and not applied twice.
CREATE TABLE job_commands (
    command_id  TEXT PRIMARY KEY,
    job_id      TEXT,
    action      TEXT,
    accepted    BOOLEAN     NOT NULL,
    errors      TEXT        NOT NULL,
    answered_at TIMESTAMPTZ NOT NULL
);

-- Quota additions (TeamQuotaChanged): a window in seconds (short windows, tests), what a spent
-- budget does to running GPU jobs, the team's preemption policy; and when the team last crossed
-- the budget's warning threshold (null while under it: GpuBudgetThresholdReached once per crossing).
ALTER TABLE teams ADD COLUMN window_seconds BIGINT;
ALTER TABLE teams ADD COLUMN budget_policy TEXT;
ALTER TABLE teams ADD COLUMN preemption TEXT;
ALTER TABLE teams ADD COLUMN preempt_below_priority INTEGER;
ALTER TABLE teams ADD COLUMN budget_threshold_reached_at TIMESTAMPTZ;
