-- When the suspend request that began a job's suspension was made (null: not suspending or
-- suspended, or suspended before this column). A request of placement's that is newer than it, for a
-- job SUSPENDED to resume by itself, means placement placed the job again and suspends it again
-- before its resumed run reported (JobSuspender); a request read again is not newer.
ALTER TABLE job_runtime ADD COLUMN suspend_requested_at TIMESTAMPTZ;
