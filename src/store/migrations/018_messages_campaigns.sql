-- kariz schema: messages (issue 16, point 6).
-- `do_not_contact` on people: messages to them are skipped and reported.
-- `messages`: every message kariz sent or tried to send, with its delivery
-- result (sent, failed + reason), the template, the campaign it was sent
-- for, and the timeline activity that records it. A message belongs to its
-- person and goes with them (erasing a person erases their messages).

ALTER TABLE people ADD COLUMN do_not_contact INTEGER NOT NULL DEFAULT 0
    CHECK (do_not_contact IN (0, 1));

CREATE TABLE messages (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    person_id   INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    channel     TEXT NOT NULL CHECK (channel IN ('email', 'sms')),
    template    TEXT NOT NULL,
    recipient   TEXT NOT NULL,
    subject     TEXT,
    body        TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('sent', 'failed')),
    reason      TEXT,
    attempts    INTEGER NOT NULL CHECK (attempts >= 1),
    campaign    TEXT,
    activity_id INTEGER REFERENCES activities (id) ON DELETE SET NULL,
    sent_at     TEXT NOT NULL,
    actor       TEXT NOT NULL
) STRICT;
CREATE INDEX messages_by_person ON messages (person_id, id);
CREATE INDEX messages_failed ON messages (status, id) WHERE status = 'failed';
