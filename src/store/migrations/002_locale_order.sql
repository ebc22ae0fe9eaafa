-- kariz schema, version 2: names in Persian/Arabic/Latin alphabetical order.
-- `sort_key` is `locale::collate::sort_key(name)`, byte-comparable, so lists
-- and their keyset paging order by (sort_key, id). The Rust hook that runs
-- after this script fills it for existing rows and recomputes `search_text`
-- (phones are now indexed with and without their country prefix).

ALTER TABLE people ADD COLUMN sort_key BLOB NOT NULL DEFAULT x'';
ALTER TABLE companies ADD COLUMN sort_key BLOB NOT NULL DEFAULT x'';

-- Lists and birthdays now order by sort_key; nothing else looks people up
-- by folded name (companies still are, by `companies::by_name`).
DROP INDEX people_by_name;
CREATE INDEX people_by_sort_key ON people (sort_key, id);
CREATE INDEX companies_by_sort_key ON companies (sort_key, id);
