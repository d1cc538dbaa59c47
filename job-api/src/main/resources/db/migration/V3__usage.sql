-- What each attempt used (from monitor's TaskUsageRecorded).
ALTER TABLE task_attempts ADD COLUMN cpu_seconds DOUBLE PRECISION;
ALTER TABLE task_attempts ADD COLUMN gpu_seconds DOUBLE PRECISION;
