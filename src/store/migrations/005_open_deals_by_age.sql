-- Version 5: open deals by stage and time in it, so the Today view finds
-- deals rotting in their stage with an index range per stage instead of
-- reading every open deal (100k deals at 1M people).
CREATE INDEX deals_open_by_stage_age ON deals (pipeline, stage, stage_entered_at)
    WHERE status = 'open';
