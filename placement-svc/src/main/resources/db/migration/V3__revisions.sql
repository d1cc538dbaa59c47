-- A relaunch names the spec revision it needs; placement waits until it has that revision.
ALTER TABLE pending_relaunches ADD COLUMN revision INTEGER NOT NULL DEFAULT 1;
