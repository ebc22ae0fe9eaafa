-- kariz schema: the message outbox (issue 16, points 4 and 5).
--
-- message_outbox: messages a rule's send_message action queued. The rule
-- runs inside the write transaction of the change that fired it, where no
-- network I/O may happen, so it only inserts a row here; `kariz remind`
-- sends the queued rows afterwards, outside any transaction, through the
-- one send path (messages::send, which logs each message and its timeline
-- activity). UNIQUE (rule, event_key, action): one row per action of a
-- rule's run for one event, never two, whichever process comes second.
-- state: queued → sending (claimed by one remind run) → sent | failed |
-- skipped (do not contact, no address). A row left in `sending` by a
-- killed run is not sent again (at most once) and is listed by
-- `kariz message outbox`.
CREATE TABLE message_outbox (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    person_id  INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    channel    TEXT NOT NULL CHECK (channel IN ('email', 'sms')),
    template   TEXT NOT NULL CHECK (length(template) > 0),
    language   TEXT,
    rule       TEXT NOT NULL CHECK (length(rule) > 0),
    event_key  TEXT NOT NULL CHECK (length(event_key) > 0),
    action     INTEGER NOT NULL CHECK (action >= 0),
    state      TEXT NOT NULL DEFAULT 'queued'
               CHECK (state IN ('queued', 'sending', 'sent', 'failed', 'skipped')),
    attempts   INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    last_error TEXT,
    message_id INTEGER REFERENCES messages (id) ON DELETE SET NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (rule, event_key, action)
) STRICT;
CREATE INDEX message_outbox_open ON message_outbox (state, id)
    WHERE state IN ('queued', 'sending', 'failed');

-- A team member's e-mail address, for reminders by e-mail
-- (`[messages.email] reminders = true`).
ALTER TABLE users ADD COLUMN email TEXT;
