-- The Mesos reason a task ended with (REASON_INVALID_OFFERS, REASON_TASK_KILLED, ...), recorded with
-- its end: an end published again by the next leader carries it (a refused launch is re-placed
-- for free by the monitor, a failure is charged), not a guess.
ALTER TABLE launched_tasks ADD COLUMN end_reason TEXT;
