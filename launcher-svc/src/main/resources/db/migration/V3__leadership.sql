-- One active launcher at a time: the lease row names the holder and an epoch that grows with every
-- new holder. Every launch is claimed in a transaction that checks the epoch (fencing): a launcher
-- paused past its lease can never claim a task after another one took over.
CREATE TABLE launcher_leader (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    holder      TEXT        NOT NULL,
    epoch       BIGINT      NOT NULL,
    acquired_at TIMESTAMPTZ NOT NULL,
    expires_at  TIMESTAMPTZ NOT NULL
);
INSERT INTO launcher_leader VALUES (1, '', 0, now(), now());

-- What the next leader needs to adopt a running local task: its placement (resources, ports,
-- launch spec, as published on mesoflow.launches) and the GPU devices it was given.
ALTER TABLE launched_tasks ADD COLUMN placement TEXT;
ALTER TABLE launched_tasks ADD COLUMN gpu_ids TEXT;
