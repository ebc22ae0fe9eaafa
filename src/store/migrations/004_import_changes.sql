-- kariz schema: one change-log row per import (import speed).
-- A big CSV import of people used to write one `create` row per person,
-- a seventh of its time. It now writes one `import` row for all the people
-- it created, whose ids run from entity_id to last_id (one transaction
-- hands them out in a row); `new` names the file. History lookups for a
-- record also match the import rows whose range covers it.
-- SQLite cannot change a CHECK constraint in place: the table is rebuilt.

CREATE TABLE changes_new (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    actor     TEXT NOT NULL,
    entity    TEXT NOT NULL CHECK (entity IN ('person', 'company', 'deal', 'task', 'activity')),
    entity_id INTEGER NOT NULL,
    op        TEXT NOT NULL CHECK (op IN ('create', 'update', 'delete', 'import')),
    field     TEXT,
    old       TEXT,
    new       TEXT,
    last_id   INTEGER CHECK ((op = 'import') = (last_id IS NOT NULL))
) STRICT;

INSERT INTO changes_new (id, at, actor, entity, entity_id, op, field, old, new)
    SELECT id, at, actor, entity, entity_id, op, field, old, new FROM changes;
DROP TABLE changes;
ALTER TABLE changes_new RENAME TO changes;
CREATE INDEX changes_by_entity ON changes (entity, entity_id, id);
CREATE INDEX changes_imports ON changes (entity, last_id) WHERE op = 'import';
