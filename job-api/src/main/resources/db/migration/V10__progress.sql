-- Training progress (from the launcher's JobProgress on mesoflow.progress): the latest reading per
-- job (a newer observed_at replaces it, an older one is ignored), with the GPU-hour projection made
-- when it was recorded and whether a budget warning is raised for the job.
CREATE TABLE job_progress (
    job_id            TEXT PRIMARY KEY REFERENCES jobs (id),
    task_name         TEXT             NOT NULL,
    attempt           INTEGER          NOT NULL,
    source            TEXT             NOT NULL,
    step              BIGINT           NOT NULL,
    total_steps       BIGINT,
    steps_per_second  DOUBLE PRECISION,
    scalars           TEXT             NOT NULL,  -- JSON object: tag to latest value
    checkpoint_step   BIGINT,
    checkpoint_at     TIMESTAMPTZ,
    finish_eta        TIMESTAMPTZ,               -- as estimated here (or the launcher's when not computable)
    finish_eta_reason TEXT,                      -- why finish_eta is null
    observed_at       TIMESTAMPTZ      NOT NULL,
    gpu_hours_used       DOUBLE PRECISION,
    gpu_hours_projected  DOUBLE PRECISION,
    team_remaining_hours DOUBLE PRECISION,
    budget_warning       TEXT,                   -- the warning sentence while one is raised, else null
    recorded_at       TIMESTAMPTZ      NOT NULL
);

-- Scalar values per job and tag, at most mesoflow.api.progress.max-points-per-tag (500) per tag:
-- when over, every other point of the older half is dropped.
CREATE TABLE job_scalar_points (
    job_id  TEXT             NOT NULL REFERENCES jobs (id),
    tag     TEXT             NOT NULL,
    step    BIGINT           NOT NULL,
    value   DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (job_id, tag, step)
);
