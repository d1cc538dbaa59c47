-- Each task attempt's usage: started when it runs, emitted once when it ends.
CREATE TABLE task_usage (
    job_id      TEXT        NOT NULL,
    task_name   TEXT        NOT NULL,
    attempt     INTEGER     NOT NULL,
    cpus        DOUBLE PRECISION NOT NULL,
    gpus        INTEGER     NOT NULL,
    started_at  TIMESTAMPTZ NOT NULL,
    ended_at    TIMESTAMPTZ,
    PRIMARY KEY (job_id, task_name, attempt)
);
