-- kariz schema: rules and reminders (issue 16, points 4 and 5).
--
-- rule_runs: one row per (rule, event) a rule ran for. The UNIQUE key is
-- what makes a rule fire once per event: the run's row is inserted in the
-- same transaction as the change that fired it (or by `kariz remind` for
-- time triggers) before any action, and a second insert for the same
-- event finds the row and does nothing, whichever process comes second.
CREATE TABLE rule_runs (
    id        INTEGER PRIMARY KEY,
    rule      TEXT NOT NULL CHECK (length(rule) > 0),
    event_key TEXT NOT NULL CHECK (length(event_key) > 0),
    at        TEXT NOT NULL,
    outcome   TEXT NOT NULL DEFAULT '',
    UNIQUE (rule, event_key)
) STRICT;

-- notifications: a message for one login, delivered once (UNIQUE key)
-- to their open kariz (the change feed carries the create, entity
-- 'notification') and shown on its message line, then marked seen.
CREATE TABLE notifications (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    login      TEXT NOT NULL CHECK (length(login) > 0),
    key        TEXT NOT NULL UNIQUE CHECK (length(key) > 0),
    text       TEXT NOT NULL,
    at         TEXT NOT NULL,
    seen_at    TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX notifications_unseen ON notifications (login, id) WHERE seen_at IS NULL;

-- A task's reminder: minutes before it is due (NULL: when it is due).
ALTER TABLE tasks ADD COLUMN remind INTEGER CHECK (remind >= 0);
