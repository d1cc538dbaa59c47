-- Restarts, deadlines and stuck tasks.
ALTER TABLE job_runtime ADD COLUMN relaunches INTEGER NOT NULL DEFAULT 0;
ALTER TABLE job_runtime ADD COLUMN deadline_at TIMESTAMPTZ;
ALTER TABLE task_runtime ADD COLUMN relaunch_due_at TIMESTAMPTZ;
ALTER TABLE task_runtime ADD COLUMN relaunch_reason TEXT;
CREATE INDEX task_runtime_due ON task_runtime (relaunch_due_at) WHERE relaunch_due_at IS NOT NULL;
