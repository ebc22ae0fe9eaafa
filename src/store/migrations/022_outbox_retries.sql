-- kariz schema: retries of the message outbox (issue 16, point 6).
--
-- next_attempt_at: when a queued row may be sent. NULL: at once (every row
-- queued before this migration, and a row put back by
-- `kariz message retry`). A send that failed for a reason worth trying
-- again (a dropped connection, a busy gateway, a temporary SMTP code)
-- leaves the row queued with attempts + 1, last_error, and this time set
-- by the backoff (1 min, 5 min, 30 min, then every 2 h) until the
-- `[messages] retries` are used up; then it is failed for good.
ALTER TABLE message_outbox ADD COLUMN next_attempt_at TEXT;
CREATE INDEX message_outbox_due ON message_outbox (next_attempt_at, id)
    WHERE state = 'queued';
