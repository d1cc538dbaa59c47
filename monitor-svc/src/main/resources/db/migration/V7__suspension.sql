-- Issue 16: a suspending or suspended job (docs/suspend-and-preemption.md). All null otherwise.
-- suspension: the Suspension (JSON: cause, who, grace, cost); suspension_reason: its words, also the
-- preemption notice's text; resend_kills_at: when a SUSPENDING job's kills are sent again if its tasks
-- have not all ended; suspended_at: when it began suspending (the deadline is pushed back by the time
-- spent suspended).
ALTER TABLE job_runtime ADD COLUMN suspension TEXT;
ALTER TABLE job_runtime ADD COLUMN suspension_reason TEXT;
ALTER TABLE job_runtime ADD COLUMN resend_kills_at TIMESTAMPTZ;
ALTER TABLE job_runtime ADD COLUMN suspended_at TIMESTAMPTZ;
CREATE INDEX job_runtime_resend_kills ON job_runtime (resend_kills_at) WHERE resend_kills_at IS NOT NULL;
-- The fence: the highest attempt of the task that may have been launched when its job's suspension
-- began (-1: none); a status above it, once SUSPENDED, is the resumed run. Null when not suspended.
ALTER TABLE task_runtime ADD COLUMN fence_attempt INTEGER;
