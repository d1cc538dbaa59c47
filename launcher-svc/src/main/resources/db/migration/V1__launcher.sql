-- launcher-svc's own state: every task attempt it launched (launches are idempotent by task id)
-- and the offers it has outstanding (rescinded when a new launcher starts).
CREATE TABLE launched_tasks (
    task_id     TEXT PRIMARY KEY,
    job_id      TEXT        NOT NULL,
    task_name   TEXT        NOT NULL,
    attempt     INTEGER     NOT NULL,
    agent_id    TEXT        NOT NULL,
    state       TEXT        NOT NULL,
    pid         BIGINT,
    pid_started TIMESTAMPTZ,
    sandbox     TEXT,
    launched_at TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX launched_tasks_active ON launched_tasks (state);

CREATE TABLE outstanding_offers (
    offer_id    TEXT PRIMARY KEY,
    agent_id    TEXT        NOT NULL,
    offered_at  TIMESTAMPTZ NOT NULL
);
