-- monitor-svc's own state: each job's runtime picture and the current attempt of each task.
CREATE TABLE job_runtime (
    job_id      TEXT PRIMARY KEY,
    revision    INTEGER     NOT NULL,
    spec        TEXT        NOT NULL,
    state       TEXT        NOT NULL,
    reason      TEXT,
    updated_at  TIMESTAMPTZ NOT NULL
);

CREATE TABLE task_runtime (
    id          BIGSERIAL PRIMARY KEY,
    job_id      TEXT        NOT NULL REFERENCES job_runtime (job_id),
    task_name   TEXT        NOT NULL,
    attempt     INTEGER     NOT NULL,
    task_id     TEXT        NOT NULL,
    state       TEXT,
    agent_id    TEXT,
    exit_code   INTEGER,
    updated_at  TIMESTAMPTZ NOT NULL,
    UNIQUE (job_id, task_name)
);

-- Task status that arrived before its job's JobSubmitted (they travel on different topics);
-- replayed in arrival order when the job arrives.
CREATE TABLE parked_status (
    id          BIGSERIAL PRIMARY KEY,
    job_id      TEXT        NOT NULL,
    payload     TEXT        NOT NULL,
    parked_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX parked_status_by_job ON parked_status (job_id, id);
