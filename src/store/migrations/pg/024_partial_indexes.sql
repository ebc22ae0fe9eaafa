-- Version 22: the same partial indexes as SQLite's step
-- (../024_partial_indexes.sql says why).
DROP INDEX contact_points_by_company;
CREATE INDEX contact_points_by_company ON contact_points (company_id, kind, position)
    WHERE company_id IS NOT NULL;
DROP INDEX contact_points_by_phone_key;
CREATE INDEX contact_points_by_phone_key ON contact_points (phone_key)
    WHERE phone_key IS NOT NULL;
DROP INDEX people_by_birthday;
CREATE INDEX people_by_birthday ON people ((substr(birthday, 6)))
    WHERE birthday IS NOT NULL;
