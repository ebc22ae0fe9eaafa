-- Version 7: exchange rates with dates and sales goals, for reports.
-- A rate says "on `day`, 1 from_currency = rate to_currency" in major
-- units; `rate` is an exact decimal text (model::exchange) so conversions
-- are integer arithmetic. One rate per pair and day: setting it again
-- replaces it.
CREATE TABLE exchange_rates (
    from_currency TEXT NOT NULL CHECK (length(from_currency) = 3),
    to_currency   TEXT NOT NULL CHECK (length(to_currency) = 3),
    day           TEXT NOT NULL,
    rate          TEXT NOT NULL,
    set_at        TEXT NOT NULL,
    actor         TEXT NOT NULL,
    PRIMARY KEY (from_currency, to_currency, day),
    CHECK (from_currency <> to_currency)
) STRICT;

-- A target per owner, metric and period length; won_value targets are in
-- `currency`'s minor units.
CREATE TABLE goals (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    owner      TEXT NOT NULL CHECK (length(trim(owner)) > 0),
    metric     TEXT NOT NULL CHECK (metric IN ('won_value', 'deals_won', 'activities')),
    period     TEXT NOT NULL CHECK (period IN ('month')),
    target     INTEGER NOT NULL CHECK (target >= 0),
    currency   TEXT CHECK ((metric = 'won_value') = (currency IS NOT NULL)),
    set_at     TEXT NOT NULL,
    actor      TEXT NOT NULL,
    UNIQUE (owner, metric, period)
) STRICT;

-- Reports count people created in a period (sources, dashboard): without
-- this, a scan of every person (130 ms for the sources report at 100k
-- people in benches/reports.rs).
CREATE INDEX people_by_created ON people (created_at);

-- Period reports read only the deals created or closed in the period
-- (reading all 30k deals took ~100 ms in benches/reports.rs).
CREATE INDEX deals_by_created ON deals (created_at);
CREATE INDEX deals_by_closed ON deals (closed_at) WHERE closed_at IS NOT NULL;

-- The activity report counts a month of activities by author and kind:
-- covering the query avoids a table lookup per activity (304 ms for a
-- month of 1M activities without it).
CREATE INDEX activities_by_time_author_kind ON activities (occurred_at, author, kind);
