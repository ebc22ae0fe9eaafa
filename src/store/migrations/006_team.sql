-- kariz schema: the team list (issue 9, "who is who").
-- The actor of every change is the OS login of the real uid; this table
-- says who is on the team, by which name people know them, and who has
-- left (`active = 0`: their records stay, nothing new is given to them).
-- Changes to it are logged like other records, so the change log's entity
-- CHECK gains 'user'. SQLite cannot change a CHECK in place: the table is
-- rebuilt, keeping every row and id.

CREATE TABLE users (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    login        TEXT NOT NULL UNIQUE CHECK (length(trim(login)) > 0),
    display_name TEXT,
    active       INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    version      INTEGER NOT NULL DEFAULT 1
) STRICT;

CREATE TABLE changes_new (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    actor     TEXT NOT NULL,
    entity    TEXT NOT NULL CHECK (entity IN ('person', 'company', 'deal', 'task', 'activity', 'user')),
    entity_id INTEGER NOT NULL,
    op        TEXT NOT NULL CHECK (op IN ('create', 'update', 'delete', 'import')),
    field     TEXT,
    old       TEXT,
    new       TEXT,
    last_id   INTEGER CHECK ((op = 'import') = (last_id IS NOT NULL))
) STRICT;

INSERT INTO changes_new (id, at, actor, entity, entity_id, op, field, old, new, last_id)
    SELECT id, at, actor, entity, entity_id, op, field, old, new, last_id FROM changes;
DROP TABLE changes;
ALTER TABLE changes_new RENAME TO changes;
CREATE INDEX changes_by_entity ON changes (entity, entity_id, id);
CREATE INDEX changes_imports ON changes (entity, last_id) WHERE op = 'import';

-- Tasks had no owner index; "my tasks" on Today and `reassign` filter by it.
CREATE INDEX tasks_by_owner ON tasks (owner) WHERE done_at IS NULL;
