-- The Mesos framework id, kept so a restarted launcher subscribes again as the same framework.
CREATE TABLE framework_state (
    name          TEXT PRIMARY KEY,
    framework_id  TEXT        NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL
);
