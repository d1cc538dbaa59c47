-- The transactional outbox every service writes its events to in the same transaction as its
-- state; OutboxRelay publishes them to Kafka in id order and deletes them once acknowledged.
CREATE TABLE outbox (
    id          BIGSERIAL PRIMARY KEY,
    topic       TEXT        NOT NULL,
    record_key  TEXT        NOT NULL,
    payload     TEXT        NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
