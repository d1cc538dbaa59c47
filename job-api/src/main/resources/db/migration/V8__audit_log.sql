-- Admin actions and cross-team refusals (never a secret value or a token), for admins to query.
CREATE TABLE audit_log (
    id          BIGSERIAL PRIMARY KEY,
    recorded_at TIMESTAMPTZ NOT NULL,
    kind        TEXT        NOT NULL,
    actor       TEXT        NOT NULL,
    actor_team  TEXT,
    actor_admin BOOLEAN     NOT NULL,
    team        TEXT,
    target      TEXT,
    detail      TEXT
);
CREATE INDEX audit_log_by_time ON audit_log (recorded_at DESC, id DESC);
CREATE INDEX audit_log_by_team ON audit_log (team, recorded_at DESC);
CREATE INDEX audit_log_by_kind ON audit_log (kind, recorded_at DESC);
