-- kariz schema: saved segments (issue 16, point 1).
-- A segment is a named filter expression (the language of src/segment/,
-- docs/segments.md), kept as typed and parsed on every use, so relative
-- dates (`created>=-30d`) and `owner:me` mean "now" and "whoever uses it".
-- Names are unique ignoring case. Change-logged as `segment` records.

CREATE TABLE segments (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    name       TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(trim(name)) > 0),
    expression TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    actor      TEXT NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1
) STRICT;
