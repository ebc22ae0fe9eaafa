-- kariz schema, version 1.
-- Timestamps are UTC RFC 3339 text ("2026-11-22T17:20:41Z"); dates without
-- time are "YYYY-MM-DD". Money is integer minor units plus an ISO 4217 code.
-- Every editable table has a `version` for optimistic locking, and an
-- AUTOINCREMENT id: an id is never reused after a delete, so the change log
-- and scripts holding an id never mistake a new record for a deleted one.

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE companies (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    name        TEXT NOT NULL CHECK (length(trim(name)) > 0),
    name_folded TEXT NOT NULL,
    domain      TEXT,
    industry    TEXT,
    address     TEXT,
    owner       TEXT,
    notes       TEXT,
    custom      TEXT NOT NULL DEFAULT '{}',
    search_text TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX companies_by_name ON companies (name_folded, id);
CREATE INDEX companies_by_owner ON companies (owner);

CREATE TABLE people (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    name        TEXT NOT NULL CHECK (length(trim(name)) > 0),
    name_folded TEXT NOT NULL,
    company_id  INTEGER REFERENCES companies (id),
    title       TEXT,
    address     TEXT,
    birthday    TEXT,
    lead_source TEXT,
    owner       TEXT,
    notes       TEXT,
    custom      TEXT NOT NULL DEFAULT '{}',
    search_text TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX people_by_name ON people (name_folded, id);
CREATE INDEX people_by_company ON people (company_id);
CREATE INDEX people_by_owner ON people (owner);
CREATE INDEX people_by_birthday ON people (substr(birthday, 6));

-- Phones and e-mails belong to their person or company (they are part of
-- the record, so they go with it).
CREATE TABLE contact_points (
    id         INTEGER PRIMARY KEY,
    person_id  INTEGER REFERENCES people (id) ON DELETE CASCADE,
    company_id INTEGER REFERENCES companies (id) ON DELETE CASCADE,
    kind       TEXT NOT NULL CHECK (kind IN ('phone', 'email')),
    label      TEXT NOT NULL DEFAULT '',
    value      TEXT NOT NULL,
    position   INTEGER NOT NULL,
    CHECK ((person_id IS NULL) <> (company_id IS NULL))
) STRICT;
CREATE INDEX contact_points_by_person ON contact_points (person_id, kind, position);
CREATE INDEX contact_points_by_company ON contact_points (company_id, kind, position);

CREATE TABLE deals (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    title            TEXT NOT NULL CHECK (length(trim(title)) > 0),
    pipeline         TEXT NOT NULL,
    stage            TEXT NOT NULL,
    value_minor      INTEGER NOT NULL CHECK (value_minor >= 0),
    currency         TEXT NOT NULL CHECK (length(currency) = 3),
    probability      INTEGER CHECK (probability BETWEEN 0 AND 100),
    expected_close   TEXT,
    person_id        INTEGER REFERENCES people (id),
    company_id       INTEGER REFERENCES companies (id),
    owner            TEXT,
    status           TEXT NOT NULL CHECK (status IN ('open', 'won', 'lost')),
    lost_reason      TEXT,
    notes            TEXT,
    custom           TEXT NOT NULL DEFAULT '{}',
    stage_entered_at TEXT NOT NULL,
    closed_at        TEXT,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    version          INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX deals_by_stage ON deals (pipeline, stage);
CREATE INDEX deals_by_person ON deals (person_id);
CREATE INDEX deals_by_company ON deals (company_id);
CREATE INDEX deals_by_owner ON deals (owner);

-- Every stage a deal entered, for conversion rates and cycle times.
CREATE TABLE deal_stage_history (
    id         INTEGER PRIMARY KEY,
    deal_id    INTEGER NOT NULL REFERENCES deals (id) ON DELETE CASCADE,
    from_stage TEXT,
    to_stage   TEXT NOT NULL,
    at         TEXT NOT NULL,
    actor      TEXT NOT NULL
) STRICT;
CREATE INDEX deal_stage_history_by_deal ON deal_stage_history (deal_id, at);

CREATE TABLE tasks (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    title      TEXT NOT NULL CHECK (length(trim(title)) > 0),
    due_date   TEXT,
    due_time   TEXT,
    priority   TEXT NOT NULL DEFAULT 'normal' CHECK (priority IN ('low', 'normal', 'high')),
    done_at    TEXT,
    person_id  INTEGER REFERENCES people (id),
    company_id INTEGER REFERENCES companies (id),
    deal_id    INTEGER REFERENCES deals (id),
    owner      TEXT,
    notes      TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX tasks_open_by_due ON tasks (due_date, due_time) WHERE done_at IS NULL;
CREATE INDEX tasks_by_person ON tasks (person_id);
CREATE INDEX tasks_by_company ON tasks (company_id);
CREATE INDEX tasks_by_deal ON tasks (deal_id);

CREATE TABLE activities (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    kind        TEXT NOT NULL CHECK (kind IN ('incoming_call', 'outgoing_call', 'missed_call',
                                              'email', 'meeting', 'sms', 'note', 'complaint')),
    subject     TEXT NOT NULL,
    body        TEXT,
    occurred_at TEXT NOT NULL,
    author      TEXT NOT NULL,
    person_id   INTEGER REFERENCES people (id),
    company_id  INTEGER REFERENCES companies (id),
    deal_id     INTEGER REFERENCES deals (id),
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX activities_by_person ON activities (person_id, occurred_at);
CREATE INDEX activities_by_company ON activities (company_id, occurred_at);
CREATE INDEX activities_by_deal ON activities (deal_id, occurred_at);
CREATE INDEX activities_by_time ON activities (occurred_at);

CREATE TABLE tags (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE
) STRICT;

CREATE TABLE person_tags (
    person_id INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    tag_id    INTEGER NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
    PRIMARY KEY (person_id, tag_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX person_tags_by_tag ON person_tags (tag_id);

CREATE TABLE company_tags (
    company_id INTEGER NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    tag_id     INTEGER NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
    PRIMARY KEY (company_id, tag_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX company_tags_by_tag ON company_tags (tag_id);

CREATE TABLE deal_tags (
    deal_id INTEGER NOT NULL REFERENCES deals (id) ON DELETE CASCADE,
    tag_id  INTEGER NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
    PRIMARY KEY (deal_id, tag_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX deal_tags_by_tag ON deal_tags (tag_id);

-- The change log: written in the same transaction as the change it records.
CREATE TABLE changes (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    actor     TEXT NOT NULL,
    entity    TEXT NOT NULL CHECK (entity IN ('person', 'company', 'deal', 'task', 'activity')),
    entity_id INTEGER NOT NULL,
    op        TEXT NOT NULL CHECK (op IN ('create', 'update', 'delete')),
    field     TEXT,
    old       TEXT,
    new       TEXT
) STRICT;
CREATE INDEX changes_by_entity ON changes (entity, entity_id, id);
