-- What placement knows of each agent beyond its current offer: the most it has ever offered. An
-- offer shows only what is unallocated, so an agent whose GPUs are all in use offers none; its GPU
-- capacity is what it offered before (CPU-only tasks keep away from GPU agents by this).
CREATE TABLE known_agents (
    agent_id  TEXT PRIMARY KEY,
    gpus      INTEGER          NOT NULL,
    cpus      DOUBLE PRECISION NOT NULL,
    mem_mb    DOUBLE PRECISION NOT NULL,
    seen_at   TIMESTAMPTZ      NOT NULL
);

-- Whether placement asked the backend to suppress offers and has not revived since. In the
-- database, not in an instance's memory: any instance (a restarted one too) runs the next pass.
CREATE TABLE offer_flow (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    suppressed      BOOLEAN NOT NULL,
    revive_pending  BOOLEAN NOT NULL
);
INSERT INTO offer_flow VALUES (1, false, false);
