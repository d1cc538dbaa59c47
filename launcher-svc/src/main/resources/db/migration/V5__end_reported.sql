-- Whether a task's end, once recorded, was also published: a leader killed between the two leaves
-- it false, and the next leader publishes that end again (TaskAdopter). Rows before this column
-- existed count as published.
ALTER TABLE launched_tasks ADD COLUMN end_reported BOOLEAN NOT NULL DEFAULT TRUE;
CREATE INDEX launched_tasks_end_unreported ON launched_tasks (end_reported) WHERE NOT end_reported;
