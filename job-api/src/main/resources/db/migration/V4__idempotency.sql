-- Submissions with an Idempotency-Key: the same key and body answer the same job.
CREATE TABLE idempotency_keys (
    key          TEXT PRIMARY KEY,
    job_id       TEXT        NOT NULL REFERENCES jobs (id),
    body_sha256  TEXT        NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL
);
