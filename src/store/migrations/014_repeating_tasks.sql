-- kariz schema: repeating tasks (issue 16, point 3).
-- A repeating task carries its rule (`repeat`, the canonical text of
-- calendar/recurrence.rs, anchored to its due date). Completing it creates
-- the next occurrence, which points back at it (`follows_id`) and shares
-- the series id (`series_id`, the first occurrence's id). `next_template`
-- holds the fields the next occurrence takes when this one was edited
-- "this one only" (JSON; NULL: the next copies this one). All of it lives
-- on the task row, so every change is logged as a task field change.

ALTER TABLE tasks ADD COLUMN repeat TEXT CHECK (repeat IS NULL OR length(repeat) > 0);
ALTER TABLE tasks ADD COLUMN series_id INTEGER;
ALTER TABLE tasks ADD COLUMN follows_id INTEGER;
ALTER TABLE tasks ADD COLUMN next_template TEXT;
CREATE INDEX tasks_by_follows ON tasks (follows_id) WHERE follows_id IS NOT NULL;
CREATE INDEX tasks_by_series ON tasks (series_id) WHERE series_id IS NOT NULL;
