-- job-api's read model: jobs, their spec revisions and every task attempt.
CREATE TABLE jobs (
    id              TEXT PRIMARY KEY,
    name            TEXT        NOT NULL,
    team            TEXT        NOT NULL,
    state           TEXT        NOT NULL,
    reason          TEXT,
    queue_position  INTEGER,
    revision        INTEGER     NOT NULL,
    spec            TEXT        NOT NULL,
    output_dir      TEXT        NOT NULL,
    submitted_at    TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL,
    ended_at        TIMESTAMPTZ
);
CREATE INDEX jobs_by_submitted ON jobs (submitted_at DESC, id);

CREATE TABLE job_revisions (
    id          BIGSERIAL PRIMARY KEY,
    job_id      TEXT        NOT NULL REFERENCES jobs (id),
    revision    INTEGER     NOT NULL,
    spec        TEXT        NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    UNIQUE (job_id, revision)
);

CREATE TABLE task_attempts (
    id          BIGSERIAL PRIMARY KEY,
    job_id      TEXT        NOT NULL REFERENCES jobs (id),
    task_name   TEXT        NOT NULL,
    attempt     INTEGER     NOT NULL,
    task_id     TEXT,
    state       TEXT        NOT NULL,
    reason      TEXT,
    message     TEXT,
    exit_code   INTEGER,
    agent_id    TEXT,
    hostname    TEXT,
    ports       TEXT,
    sandbox     TEXT,
    started_at  TIMESTAMPTZ,
    ended_at    TIMESTAMPTZ,
    updated_at  TIMESTAMPTZ NOT NULL,
    UNIQUE (job_id, task_name, attempt)
);
