-- Training finished and the evaluator gets a grace to score the final checkpoint: when it runs out
-- (null: not waiting). Stored with the job so a restarted monitor keeps the timer.
ALTER TABLE job_runtime ADD COLUMN evaluator_grace_until TIMESTAMPTZ;
CREATE INDEX job_runtime_evaluator_grace ON job_runtime (evaluator_grace_until)
    WHERE evaluator_grace_until IS NOT NULL;
-- The attempt reported that its port accepts connections (TaskStatusChanged.ready).
ALTER TABLE task_runtime ADD COLUMN ready BOOLEAN NOT NULL DEFAULT FALSE;
