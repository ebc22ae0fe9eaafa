-- kariz schema: caller ID (issue 14, point 5).
--
-- Every phone keeps its caller key beside it (`text::phone::caller_key`:
-- the last ten digits of the national number, no extension), written with
-- the phone by the store, so that finding who calls is one index lookup
-- whatever the stored spelling (+98 912…, 0098…, 0912…, Persian or Arabic
-- digits, spaces, dashes). E-mails have none. The migration's Rust hook
-- fills it for the phones already stored.
ALTER TABLE contact_points ADD COLUMN phone_key TEXT;
CREATE INDEX contact_points_by_phone_key ON contact_points (phone_key);

-- One row per call a phone system reported (`kariz call incoming|missed`).
-- It is the signal an open kariz reacts to: the row is change-logged
-- (entity 'call'), and every open kariz of `agent` (all when NULL) shows
-- the caller's page. What was logged for it (the activity, the call-back
-- task) is linked so the row says what the call did. The number is kept
-- as the phone system sent it (an unknown caller's new-person form is
-- filled from it).
CREATE TABLE calls (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    kind        TEXT NOT NULL CHECK (kind IN ('incoming', 'missed')),
    number      TEXT NOT NULL,
    phone_key   TEXT,
    agent       TEXT,
    person_id   INTEGER REFERENCES people (id) ON DELETE SET NULL,
    company_id  INTEGER REFERENCES companies (id) ON DELETE SET NULL,
    activity_id INTEGER REFERENCES activities (id) ON DELETE SET NULL,
    task_id     INTEGER REFERENCES tasks (id) ON DELETE SET NULL,
    at          TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX calls_by_at ON calls (at);
CREATE INDEX calls_by_person ON calls (person_id);
-- Deleting a record sets these links to NULL: indexed so a delete does
-- not scan every call.
CREATE INDEX calls_by_company ON calls (company_id);
CREATE INDEX calls_by_activity ON calls (activity_id);
CREATE INDEX calls_by_task ON calls (task_id);
