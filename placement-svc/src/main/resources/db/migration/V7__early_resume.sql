-- A user's resume that arrived before the SUSPENDED status it resumes (they travel on different
-- topics): remembered, and applied when SUSPENDED comes.
ALTER TABLE pending_jobs ADD COLUMN resume_requested_at timestamptz;
