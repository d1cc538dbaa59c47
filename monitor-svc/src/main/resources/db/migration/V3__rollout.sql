-- Live config rollout: a task whose launch config changed waits for its role's turn.
ALTER TABLE task_runtime ADD COLUMN redeploy BOOLEAN NOT NULL DEFAULT FALSE;
