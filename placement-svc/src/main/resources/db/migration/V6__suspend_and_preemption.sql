-- Suspend, resume, preemption and budgets that act (docs/suspend-and-preemption.md).
-- A job's suspension while it is being or was suspended (cleared when it is placed again).
ALTER TABLE pending_jobs ADD COLUMN suspend_cause TEXT;
ALTER TABLE pending_jobs ADD COLUMN suspend_requested_by TEXT;
ALTER TABLE pending_jobs ADD COLUMN suspend_requested_at TIMESTAMPTZ;
ALTER TABLE pending_jobs ADD COLUMN suspension TEXT;
-- Set when placement re-queued it by itself; the pass then says so once (JobStatusChanged QUEUED).
ALTER TABLE pending_jobs ADD COLUMN requeued BOOLEAN NOT NULL DEFAULT FALSE;

ALTER TABLE team_quotas ADD COLUMN window_seconds BIGINT;
ALTER TABLE team_quotas ADD COLUMN budget_policy TEXT;
ALTER TABLE team_quotas ADD COLUMN preemption TEXT;
ALTER TABLE team_quotas ADD COLUMN preempt_below_priority INTEGER;

-- Who preempted whom: the preemptor waits on these, and a victim may not preempt its preemptor back.
CREATE TABLE preemptions (
    victim_job_id      TEXT             NOT NULL,
    preemptor_job_id   TEXT             NOT NULL,
    requested_at       TIMESTAMPTZ      NOT NULL,
    victim_priority    INTEGER          NOT NULL,
    gpu_hours          DOUBLE PRECISION NOT NULL,
    suspended_at       TIMESTAMPTZ,
    PRIMARY KEY (victim_job_id, preemptor_job_id, requested_at)
);
CREATE INDEX preemptions_by_preemptor ON preemptions (preemptor_job_id, suspended_at);

-- Each job's latest checkpoint (from mesoflow.progress): what a preemption would lose.
CREATE TABLE job_checkpoints (
    job_id           TEXT        PRIMARY KEY,
    checkpoint_at    TIMESTAMPTZ NOT NULL,
    checkpoint_step  BIGINT,
    observed_at      TIMESTAMPTZ NOT NULL
);
