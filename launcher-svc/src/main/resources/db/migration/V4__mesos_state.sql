-- Mesos backend: whether the framework's role is suppressed (so a re-subscription, which clears the
-- master's suppression, keeps offers stopped while nothing waits), and each agent's HTTP endpoint
-- (from its offers; logs are read from the agent that runs the task).
CREATE TABLE mesos_suppression (
    role        TEXT PRIMARY KEY,
    suppressed  BOOLEAN     NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL
);

CREATE TABLE mesos_agents (
    agent_id    TEXT PRIMARY KEY,
    hostname    TEXT        NOT NULL,
    url         TEXT,
    updated_at  TIMESTAMPTZ NOT NULL
);
