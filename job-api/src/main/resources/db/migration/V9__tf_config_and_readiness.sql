-- Each task attempt's TF_CONFIG as placement wrote it (from TasksPlaced on mesoflow.placements),
-- kept after the attempt ends; attempts that get none have no row.
CREATE TABLE task_tf_configs (
    id          BIGSERIAL PRIMARY KEY,
    job_id      TEXT        NOT NULL REFERENCES jobs (id),
    task_name   TEXT        NOT NULL,
    attempt     INTEGER     NOT NULL,
    tf_config   TEXT        NOT NULL,
    placed_at   TIMESTAMPTZ NOT NULL,
    UNIQUE (job_id, task_name, attempt)
);
-- Whether a RUNNING attempt's port accepts connections (TaskStatusChanged.ready): the latest
-- reported while it runs; null where not known or not applicable, and once the attempt is no
-- longer RUNNING.
ALTER TABLE task_attempts ADD COLUMN ready BOOLEAN;
