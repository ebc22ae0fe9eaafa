-- Version 21 on PostgreSQL: the id triggers of version 20 (pg_open.rs,
-- NULL_ID_TRIGGERS) ran a PL/pgSQL function for every inserted row: it
-- looked up the table's sequence by name, gave a NULL id the next value,
-- moved the sequence past a larger explicit id and recorded the id for a
-- `last_insert_rowid`. kariz now reads a new row's id with RETURNING, and
-- each table gets two triggers whose WHEN conditions the server checks
-- without calling any function, so a row that carries an id drawn from
-- its sequence (an import's batches, undo) runs no trigger at all:
--   TABLE_next_id   a NULL id gets the next value of the table's sequence
--                   (a change-log row a provisional negative one, see
--                   pg_turns.rs), as SQLite gives a NULL rowid one;
--   TABLE_past_id   an explicit id past the sequence moves it on, as
--                   SQLite's AUTOINCREMENT counter moves, so no later row
--                   draws that id.
-- The sequence is named once, when the trigger is made.

CREATE FUNCTION kariz_new_id() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.id := nextval(TG_ARGV[0]::regclass);
    RETURN NEW;
END $$;

CREATE FUNCTION kariz_pending_change_id() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.id := -nextval('changes_pending_id_seq');
    RETURN NEW;
END $$;

CREATE FUNCTION kariz_id_past_sequence() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM setval(TG_ARGV[0]::regclass, NEW.id);
    RETURN NEW;
END $$;

DO $$
DECLARE
    t record;
BEGIN
    FOR t IN SELECT c.table_name,
                    pg_get_serial_sequence(quote_ident(c.table_name), 'id') AS seq
             FROM information_schema.columns c
             WHERE c.table_schema = current_schema() AND c.column_name = 'id'
               AND c.is_identity = 'YES'
    LOOP
        EXECUTE format('DROP TRIGGER IF EXISTS %I ON %I', t.table_name || '_next_id', t.table_name);
        IF t.table_name = 'changes' THEN
            EXECUTE format('CREATE TRIGGER %I BEFORE INSERT ON %I FOR EACH ROW
                            WHEN (NEW.id IS NULL) EXECUTE FUNCTION kariz_pending_change_id()',
                           t.table_name || '_next_id', t.table_name);
        ELSE
            EXECUTE format('CREATE TRIGGER %I BEFORE INSERT ON %I FOR EACH ROW
                            WHEN (NEW.id IS NULL) EXECUTE FUNCTION kariz_new_id(%L)',
                           t.table_name || '_next_id', t.table_name, t.seq);
        END IF;
        EXECUTE format('CREATE TRIGGER %I BEFORE INSERT ON %I FOR EACH ROW
                        WHEN (NEW.id > coalesce(pg_sequence_last_value(%L::regclass), 0))
                        EXECUTE FUNCTION kariz_id_past_sequence(%L)',
                       t.table_name || '_past_id', t.table_name, t.seq, t.seq);
    END LOOP;
END $$;

DROP FUNCTION kariz_next_id();
