-- kariz schema: the change log accepts any kind of record (issue 10/14–16).
-- Until now a CHECK listed the kinds of record the change log may name, so
-- every new kind (cases, products, quotes, invoices, segments, campaigns,
-- rates, goals…) had to rebuild this table and repeat every earlier kind —
-- and two features added side by side would each drop the other's. The
-- column is written only from the `Entity` enum of the code (one home for
-- the list), so the CHECK now only refuses an empty name. The table is
-- rebuilt once more, keeping every row and id.

CREATE TABLE changes_new (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    actor     TEXT NOT NULL,
    entity    TEXT NOT NULL CHECK (length(entity) > 0),
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
