-- placement-svc's own state: the jobs waiting to be placed and the offers it holds.
CREATE TABLE pending_jobs (
    job_id        TEXT PRIMARY KEY,
    revision      INTEGER     NOT NULL,
    spec          TEXT        NOT NULL,
    team          TEXT        NOT NULL,
    priority      INTEGER     NOT NULL,
    submitted_at  TIMESTAMPTZ NOT NULL,
    status        TEXT        NOT NULL,  -- PENDING, PLACED, CANCELLED
    last_reason   TEXT,
    last_position INTEGER,
    placed_at     TIMESTAMPTZ
);
CREATE INDEX pending_jobs_queue ON pending_jobs (status, priority DESC, submitted_at, job_id);

CREATE TABLE offers (
    offer_id     TEXT PRIMARY KEY,
    agent_id     TEXT        NOT NULL,
    payload      TEXT        NOT NULL,
    status       TEXT        NOT NULL,  -- HELD, USED, RESCINDED
    received_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX offers_held ON offers (status, agent_id);
