-- Rates and goals become change-logged records (issue 13): each needs a
-- stable id for `changes.entity_id` and a version for optimistic edits.
-- exchange_rates had only its (pair, day) key, so it is rebuilt once with
-- an INTEGER PRIMARY KEY (a rowid alone may change on VACUUM, and backups
-- are made with VACUUM INTO); goals already had an id. Migration 008 left
-- the change log open to new kinds, so `changes` is not touched.

CREATE TABLE exchange_rates_new (
    id            INTEGER PRIMARY KEY,
    from_currency TEXT NOT NULL CHECK (length(from_currency) = 3),
    to_currency   TEXT NOT NULL CHECK (length(to_currency) = 3),
    day           TEXT NOT NULL,
    rate          TEXT NOT NULL,
    version       INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    set_at        TEXT NOT NULL,
    actor         TEXT NOT NULL,
    UNIQUE (from_currency, to_currency, day),
    CHECK (from_currency <> to_currency)
) STRICT;

INSERT INTO exchange_rates_new (from_currency, to_currency, day, rate, set_at, actor)
    SELECT from_currency, to_currency, day, rate, set_at, actor FROM exchange_rates
    ORDER BY from_currency, to_currency, day;
DROP TABLE exchange_rates;
ALTER TABLE exchange_rates_new RENAME TO exchange_rates;

ALTER TABLE goals ADD COLUMN version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1);
