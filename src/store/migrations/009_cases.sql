-- kariz schema 9: support cases (issue 14).
-- A case is its own record with a number per year (year, seq): the write
-- transaction is IMMEDIATE, so two processes adding at once take the
-- next number one after the other, and UNIQUE (year, seq) is the backstop.
CREATE TABLE cases (
    id                   INTEGER PRIMARY KEY AUTOINCREMENT,
    year                 INTEGER NOT NULL,
    seq                  INTEGER NOT NULL CHECK (seq > 0),
    subject              TEXT NOT NULL CHECK (length(trim(subject)) > 0),
    description          TEXT,
    person_id            INTEGER REFERENCES people (id),
    company_id           INTEGER REFERENCES companies (id),
    channel              TEXT NOT NULL,
    category             TEXT,
    priority             TEXT NOT NULL,
    status               TEXT NOT NULL,
    assignee             TEXT,
    deal_id              INTEGER REFERENCES deals (id),
    satisfaction         INTEGER CHECK (satisfaction BETWEEN 1 AND 5),
    satisfaction_comment TEXT,
    first_response_at    TEXT,
    resolved_at          TEXT,
    closed_at            TEXT,
    created_at           TEXT NOT NULL,
    updated_at           TEXT NOT NULL,
    version              INTEGER NOT NULL DEFAULT 1,
    UNIQUE (year, seq)
) STRICT;
CREATE INDEX cases_by_person ON cases (person_id);
CREATE INDEX cases_by_company ON cases (company_id);
CREATE INDEX cases_by_deal ON cases (deal_id);
CREATE INDEX cases_open ON cases (assignee, status) WHERE closed_at IS NULL;
CREATE INDEX cases_by_created ON cases (created_at);

CREATE TABLE case_tags (
    case_id INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    tag_id  INTEGER NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
    PRIMARY KEY (case_id, tag_id)
) STRICT;
CREATE INDEX case_tags_by_tag ON case_tags (tag_id);

-- Every status a case entered: the SLA clocks (pauses) are computed from it.
CREATE TABLE case_status_history (
    id          INTEGER PRIMARY KEY,
    case_id     INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    from_status TEXT,
    to_status   TEXT NOT NULL,
    at          TEXT NOT NULL,
    actor       TEXT NOT NULL
) STRICT;
CREATE INDEX case_status_history_by_case ON case_status_history (case_id, at);

-- The activities logged on a case (its timeline). An activity belongs to
-- at most one case; a link table rather than a column, so activities keep
-- their shape for import, export and the timeline.
CREATE TABLE case_activities (
    activity_id INTEGER PRIMARY KEY REFERENCES activities (id) ON DELETE CASCADE,
    case_id     INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE
) STRICT;
CREATE INDEX case_activities_by_case ON case_activities (case_id);
