-- Every job's event timeline: job state changes and task state changes, with reasons.
CREATE TABLE job_events (
    id          BIGSERIAL PRIMARY KEY,
    job_id      TEXT        NOT NULL REFERENCES jobs (id),
    at          TIMESTAMPTZ NOT NULL,
    kind        TEXT        NOT NULL,  -- JOB or TASK or CONFIG
    task_name   TEXT,
    attempt     INTEGER,
    state       TEXT,
    message     TEXT
);
CREATE INDEX job_events_by_job ON job_events (job_id, id);

-- The request as the user wrote it (live config changes are merge patches over it).
ALTER TABLE jobs ADD COLUMN request TEXT;
ALTER TABLE job_revisions ADD COLUMN request TEXT;
