-- Every secret resolution (from secrets-svc's SecretResolved), never the value; admins query it.
CREATE TABLE secret_audit (
    id           BIGSERIAL PRIMARY KEY,
    job_id       TEXT        NOT NULL,
    tasks        TEXT        NOT NULL,
    source       TEXT        NOT NULL,
    outcome      TEXT        NOT NULL,
    reason       TEXT,
    resolved_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX secret_audit_by_job ON secret_audit (job_id, id);
CREATE INDEX secret_audit_by_time ON secret_audit (resolved_at);
