-- Where each task listens (host:port), to see a relaunched task come back somewhere else.
ALTER TABLE task_runtime ADD COLUMN address TEXT;

-- TensorBoard stays up for a while after its job ends; this is when it is killed.
ALTER TABLE task_runtime ADD COLUMN kill_due_at TIMESTAMPTZ;
