-- kariz access rules on PostgreSQL (#11): four group roles per database
-- and what each may do, enforced by the server itself, so psql cannot go
-- around them. Applied by pg_open.rs right after the schema when the
-- opener may create roles, else by the first `kariz admin grant`; safe to
-- run again (every step is idempotent), and pg_roles.rs records it in
-- meta ('access_rules').
--
-- @rep@, @support@, @manager@, @admin@ and @schema@ are replaced by
-- pg_roles.rs with quoted names before this runs: the group roles are
-- named after the database (DB_rep, DB_support, DB_manager, DB_admin),
-- since roles are cluster-wide and two kariz databases in one cluster must
-- not share a team.
--
-- How it is enforced:
-- - GRANTs say which statements a role may run on a table at all.
-- - ROW LEVEL SECURITY, ENABLEd and FORCEd on every table, says which
--   rows: a rep changes only deals and tasks whose owner is their login
--   (current_user). FORCE binds the tables' owner too, which is the admin
--   group role, so even admins go through the (all-allowing) admin
--   policies. Superusers are never bound: keep kariz's logins ordinary
--   roles.
-- - The change log takes only rows under one's own name (or a rule's).

DO $$
DECLARE
    r text;
BEGIN
    FOREACH r IN ARRAY ARRAY['@rep@', '@support@', '@manager@', '@admin@'] LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = btrim(r, '"')) THEN
            EXECUTE format('CREATE ROLE %s NOLOGIN', r);
        END IF;
    END LOOP;
END $$;

-- The creator keeps its rights as an admin (the tables change owner
-- below), and admins hand out every role, admin included (the grant made
-- to an admin login carries ADMIN OPTION on @admin@).
GRANT @admin@ TO CURRENT_USER;
GRANT @rep@, @support@, @manager@ TO @admin@ WITH ADMIN OPTION;

GRANT USAGE ON SCHEMA @schema@ TO @rep@, @support@, @manager@, @admin@;
GRANT CREATE ON SCHEMA @schema@ TO @admin@;

-- Everyone reads everything; roles differ in what they change. Sequences:
-- the insert triggers (kariz_new_id, kariz_id_past_sequence) take
-- nextval and may setval past an explicit id, as the inserting role.
GRANT SELECT ON ALL TABLES IN SCHEMA @schema@ TO @rep@, @support@, @manager@, @admin@;
GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA @schema@
    TO @rep@, @support@, @manager@, @admin@;

-- Bookkeeping every write may touch: the change log, the rules' runs,
-- notifications and queued messages, tags a record is given, the messages
-- log, calls and their activities.
GRANT INSERT ON changes, messages, tags TO @rep@, @support@, @manager@;
-- A writer places its own change rows in the log at commit (pg_turns.rs):
-- the policy below limits this to rows not yet placed.
GRANT UPDATE (id) ON changes TO @rep@, @support@, @manager@;
GRANT INSERT, UPDATE ON rule_runs, notifications, message_outbox, calls
    TO @rep@, @support@, @manager@;
GRANT INSERT, UPDATE, DELETE ON activities TO @rep@, @support@, @manager@;

-- rep: contacts, and the pipeline and tasks (rows limited by the policies
-- below to those the rep owns).
GRANT INSERT, UPDATE, DELETE ON people, companies, contact_points, person_tags, company_tags,
    deals, deal_tags, deal_stage_history, tasks TO @rep@;

-- support: cases and their history.
GRANT INSERT, UPDATE, DELETE ON cases, case_tags, case_activities, case_status_history
    TO @support@;

-- manager: everything but the team list, meta and rewriting the change log.
DO $$
DECLARE
    t text;
BEGIN
    FOR t IN SELECT tablename FROM pg_tables WHERE schemaname = current_schema()
                AND tablename NOT IN ('changes', 'users', 'meta')
    LOOP
        EXECUTE format('GRANT INSERT, UPDATE, DELETE ON %I TO @manager@', t);
    END LOOP;
END $$;

-- admin: everything, as the owner of every table and of kariz's functions
-- (so also ALTER, DROP, new tables in the schema, and the schema upgrades
-- of a newer kariz, run by whichever admin opens the database first).
DO $$
DECLARE
    t text;
BEGIN
    FOR t IN SELECT tablename FROM pg_tables WHERE schemaname = current_schema() LOOP
        EXECUTE format('ALTER TABLE %I OWNER TO @admin@', t);
        EXECUTE format('GRANT ALL ON %I TO @admin@', t);
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    END LOOP;
    FOR t IN SELECT p.oid::regprocedure::text FROM pg_proc p
             WHERE p.pronamespace = current_schema()::regnamespace
               AND p.proowner <> '@admin@'::regrole LOOP
        EXECUTE format('ALTER FUNCTION %s OWNER TO @admin@', t);
    END LOOP;
END $$;

-- Row policies. Permissive policies add up, so each says what one group
-- may; the GRANTs above already limit the statements.
DO $$
DECLARE
    t text;
    p text;
    -- Tables a rep changes only for their own deals and tasks, and the
    -- change log: their rows are checked, everything else is open to
    -- whoever the GRANTs let in.
    bound text[] := ARRAY['deals', 'tasks', 'deal_tags', 'deal_stage_history', 'changes'];
    -- A rep's deal or task, and the deal a tag or stage move belongs to.
    own_row text := 'owner = current_user::text';
    own_deal text := 'EXISTS (SELECT 1 FROM deals d WHERE d.id = deal_id AND d.owner = current_user::text)';
BEGIN
    FOR t IN SELECT tablename FROM pg_tables WHERE schemaname = current_schema() LOOP
        -- Drop ours first, so a second run replaces them.
        FOR p IN SELECT policyname FROM pg_policies
                  WHERE schemaname = current_schema() AND tablename = t
                    AND policyname LIKE 'kariz_%'
        LOOP
            EXECUTE format('DROP POLICY %I ON %I', p, t);
        END LOOP;
        IF NOT t = ANY (bound) THEN
            EXECUTE format('CREATE POLICY kariz_any ON %I FOR ALL
                            TO @rep@, @support@, @manager@, @admin@ USING (true) WITH CHECK (true)', t);
            CONTINUE;
        END IF;
        EXECUTE format('CREATE POLICY kariz_read ON %I FOR SELECT
                        TO @rep@, @support@, @manager@, @admin@ USING (true)', t);
        IF t = 'changes' THEN
            -- Nobody logs a change under someone else's name; only an
            -- admin rewrites the log (`kariz forget`).
            EXECUTE 'CREATE POLICY kariz_own_name ON changes FOR INSERT
                     TO @rep@, @support@, @manager@, @admin@
                     WITH CHECK (actor = current_user::text OR actor LIKE ''rule:%'')';
            -- Placing one's own rows at commit: only provisional (negative)
            -- ids under one's own name (another transaction's are not
            -- visible before it commits).
            EXECUTE 'CREATE POLICY kariz_place ON changes FOR UPDATE
                     TO @rep@, @support@, @manager@
                     USING (id < 0 AND (actor = current_user::text OR actor LIKE ''rule:%''))
                     WITH CHECK (actor = current_user::text OR actor LIKE ''rule:%'')';
            EXECUTE 'CREATE POLICY kariz_admin ON changes FOR ALL TO @admin@
                     USING (true) WITH CHECK (true)';
            CONTINUE;
        END IF;
        EXECUTE format('CREATE POLICY kariz_team ON %I FOR ALL TO @manager@, @admin@
                        USING (true) WITH CHECK (true)', t);
        IF t IN ('deals', 'tasks') THEN
            EXECUTE format('CREATE POLICY kariz_own_insert ON %I FOR INSERT TO @rep@
                            WITH CHECK (%s)', t, own_row);
            EXECUTE format('CREATE POLICY kariz_own_update ON %I FOR UPDATE TO @rep@
                            USING (%s) WITH CHECK (%s)', t, own_row, own_row);
            EXECUTE format('CREATE POLICY kariz_own_delete ON %I FOR DELETE TO @rep@
                            USING (%s)', t, own_row);
        ELSE
            EXECUTE format('CREATE POLICY kariz_own_deal ON %I FOR ALL TO @rep@
                            USING (%s) WITH CHECK (%s)', t, own_deal, own_deal);
        END IF;
    END LOOP;
END $$;
