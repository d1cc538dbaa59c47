-- The latest SUSPENDED placement handled for a job (its timestamp; never cleared): the same status
-- read again after a rebalance, once the job was placed again, must not free and re-queue it.
ALTER TABLE pending_jobs ADD COLUMN last_suspended_at TIMESTAMPTZ;
