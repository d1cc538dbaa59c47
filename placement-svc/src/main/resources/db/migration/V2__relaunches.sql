-- Where each task of a placed job runs now (its latest attempt), and the relaunches asked for.
CREATE TABLE placed_tasks (
    job_id      TEXT        NOT NULL,
    task_name   TEXT        NOT NULL,
    attempt     INTEGER     NOT NULL,
    agent_id    TEXT        NOT NULL,
    address     TEXT        NOT NULL,
    placement   TEXT        NOT NULL,  -- the TaskPlacement as JSON
    placed_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (job_id, task_name)
);

CREATE TABLE pending_relaunches (
    job_id          TEXT        NOT NULL,
    task_name       TEXT        NOT NULL,
    attempt         INTEGER     NOT NULL,
    preferred_agent TEXT,
    reason          TEXT,
    requested_at    TIMESTAMPTZ NOT NULL,
    status          TEXT        NOT NULL,  -- PENDING, PLACED, DROPPED
    last_reason     TEXT,
    PRIMARY KEY (job_id, task_name, attempt)
);
CREATE INDEX pending_relaunches_open ON pending_relaunches (status, requested_at);
