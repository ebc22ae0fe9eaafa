-- kariz schema: external ids (issue 5, import).
-- The id a record had in the system it was imported from (a Google contact
-- id, a CRM export's key, a vCard UID). Re-importing the same file matches
-- on it first, so nothing is created twice. Unique per table when present.

ALTER TABLE people ADD COLUMN external_id TEXT;
ALTER TABLE companies ADD COLUMN external_id TEXT;
ALTER TABLE deals ADD COLUMN external_id TEXT;
ALTER TABLE tasks ADD COLUMN external_id TEXT;

CREATE UNIQUE INDEX people_by_external_id ON people (external_id) WHERE external_id IS NOT NULL;
CREATE UNIQUE INDEX companies_by_external_id ON companies (external_id) WHERE external_id IS NOT NULL;
CREATE UNIQUE INDEX deals_by_external_id ON deals (external_id) WHERE external_id IS NOT NULL;
CREATE UNIQUE INDEX tasks_by_external_id ON tasks (external_id) WHERE external_id IS NOT NULL;
