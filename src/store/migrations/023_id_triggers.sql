-- Version 21 changes PostgreSQL only (pg/023_id_triggers.sql): its id
-- triggers stand in for what SQLite's INTEGER PRIMARY KEY already does,
-- so nothing changes here. The version moves on for both engines alike.
SELECT 1;
