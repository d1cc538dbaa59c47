-- Team quotas (from TeamQuotaChanged; NULL: no limit), what each placed task holds (for quotas
-- and fair share), and GPU run intervals (for GPU-hour budgets, from task status).
CREATE TABLE team_quotas (
    team              TEXT PRIMARY KEY,
    cpus              DOUBLE PRECISION,
    mem_mb            DOUBLE PRECISION,
    gpus              INTEGER,
    gpu_hours_budget  DOUBLE PRECISION,
    window_hours      INTEGER     NOT NULL,
    changed_at        TIMESTAMPTZ NOT NULL
);

ALTER TABLE placed_tasks ADD COLUMN team TEXT NOT NULL DEFAULT 'default';
ALTER TABLE placed_tasks ADD COLUMN cpus DOUBLE PRECISION NOT NULL DEFAULT 0;
ALTER TABLE placed_tasks ADD COLUMN mem_mb DOUBLE PRECISION NOT NULL DEFAULT 0;
ALTER TABLE placed_tasks ADD COLUMN gpus INTEGER NOT NULL DEFAULT 0;
ALTER TABLE placed_tasks ADD COLUMN ended_at TIMESTAMPTZ;
CREATE INDEX placed_tasks_active ON placed_tasks (team) WHERE ended_at IS NULL;

CREATE TABLE gpu_intervals (
    job_id      TEXT        NOT NULL,
    task_name   TEXT        NOT NULL,
    attempt     INTEGER     NOT NULL,
    team        TEXT        NOT NULL,
    gpus        INTEGER     NOT NULL,
    started_at  TIMESTAMPTZ NOT NULL,
    ended_at    TIMESTAMPTZ,
    PRIMARY KEY (job_id, task_name, attempt)
);
CREATE INDEX gpu_intervals_by_team ON gpu_intervals (team, ended_at);
