-- Teams with their quotas (NULL: no limit) and API tokens (only the SHA-256 of a token is kept).
CREATE TABLE teams (
    name              TEXT PRIMARY KEY,
    cpus              DOUBLE PRECISION,
    mem_mb            DOUBLE PRECISION,
    gpus              INTEGER,
    gpu_hours_budget  DOUBLE PRECISION,
    window_hours      INTEGER     NOT NULL DEFAULT 168,
    created_at        TIMESTAMPTZ NOT NULL,
    updated_at        TIMESTAMPTZ NOT NULL
);
INSERT INTO teams (name, window_hours, created_at, updated_at) VALUES ('default', 168, now(), now());

CREATE TABLE api_tokens (
    id            TEXT PRIMARY KEY,
    name          TEXT        NOT NULL,
    team          TEXT REFERENCES teams (name),
    admin         BOOLEAN     NOT NULL,
    token_sha256  TEXT        NOT NULL UNIQUE,
    created_at    TIMESTAMPTZ NOT NULL,
    revoked_at    TIMESTAMPTZ
);

CREATE INDEX jobs_by_team ON jobs (team, submitted_at DESC, id);
CREATE INDEX jobs_ended ON jobs (ended_at) WHERE ended_at IS NOT NULL;
