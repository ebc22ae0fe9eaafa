-- kariz schema: campaigns (issue 16, point 7).
-- A campaign: a unique name (ignoring case), a channel, a cost in one
-- currency, a period and an optional segment expression (the language of
-- src/segment/). People and deals are attributed to at most one campaign
-- (`campaign_id`, change-logged as a field); messages sent for a campaign
-- name it by id (`messages.campaign_id`; the text column keeps the name as
-- it was when sent, and what older versions wrote).
-- Deleting a campaign that people or deals name is refused unless the
-- links are cleared first (store/links.rs); a message keeps its text.

CREATE TABLE campaigns (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    name        TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(trim(name)) > 0),
    channel     TEXT NOT NULL CHECK (channel IN
                    ('sms', 'email', 'exhibition', 'web', 'ad', 'referral', 'other')),
    cost_minor  INTEGER NOT NULL DEFAULT 0 CHECK (cost_minor >= 0),
    currency    TEXT NOT NULL,
    starts_on   TEXT,
    ends_on     TEXT,
    segment     TEXT,
    notes       TEXT,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    actor       TEXT NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1,
    CHECK (starts_on IS NULL OR ends_on IS NULL OR starts_on <= ends_on)
) STRICT;

ALTER TABLE people ADD COLUMN campaign_id INTEGER REFERENCES campaigns (id);
ALTER TABLE deals ADD COLUMN campaign_id INTEGER REFERENCES campaigns (id);
ALTER TABLE messages ADD COLUMN campaign_id INTEGER REFERENCES campaigns (id) ON DELETE SET NULL;

CREATE INDEX people_by_campaign ON people (campaign_id) WHERE campaign_id IS NOT NULL;
CREATE INDEX deals_by_campaign ON deals (campaign_id) WHERE campaign_id IS NOT NULL;
CREATE INDEX messages_by_campaign ON messages (campaign_id) WHERE campaign_id IS NOT NULL;
