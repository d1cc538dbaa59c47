-- The HTTP endpoint of the agent that runs an attempt (Mesos: from the agent's offers), where its
-- sandbox is read through /files/read; null where the configured files URL serves it.
ALTER TABLE task_attempts ADD COLUMN agent_url TEXT;
