-- Placements waiting for their secrets (Vault unreachable); references only, never values.
CREATE TABLE pending_placements (
    id           TEXT PRIMARY KEY,
    job_id       TEXT        NOT NULL,
    placement    TEXT        NOT NULL,
    tries        INTEGER     NOT NULL,
    next_try_at  TIMESTAMPTZ NOT NULL,
    last_reason  TEXT
);
CREATE INDEX pending_placements_due ON pending_placements (next_try_at);
