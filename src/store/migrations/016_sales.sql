-- kariz schema 13: products, quotes (pre-invoices), orders, invoices and
-- payments (issue 15). Amounts are integer minor units of the document's
-- currency; quantities are thousandths; percentages are basis points.
-- Quotes, orders and invoices each have a number per year (year, seq),
-- taken inside the IMMEDIATE write transaction; UNIQUE is the backstop.
-- A quote's revision is a new row with the same number, the next
-- revision and previous_id naming the row it replaced, which stays
-- readable as it was. An order or invoice names what it was made from
-- (source_kind, source_id).
CREATE TABLE products (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    code        TEXT NOT NULL CHECK (length(trim(code)) > 0),
    code_key    TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL CHECK (length(trim(name)) > 0),
    unit        TEXT,
    prices      TEXT NOT NULL DEFAULT '{}',
    tax_bp      INTEGER NOT NULL DEFAULT 0 CHECK (tax_bp BETWEEN 0 AND 10000),
    active      INTEGER NOT NULL DEFAULT 1,
    description TEXT,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1
) STRICT;

CREATE TABLE quotes (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    year        INTEGER NOT NULL,
    seq         INTEGER NOT NULL CHECK (seq > 0),
    revision    INTEGER NOT NULL DEFAULT 1 CHECK (revision > 0),
    previous_id INTEGER REFERENCES quotes (id),
    source_kind TEXT CHECK (source_kind IN ('quote', 'order')),
    source_id   INTEGER,
    deal_id     INTEGER REFERENCES deals (id),
    person_id   INTEGER REFERENCES people (id),
    company_id  INTEGER REFERENCES companies (id),
    currency    TEXT NOT NULL,
    issued_on   TEXT NOT NULL,
    due_on      TEXT,
    status      TEXT NOT NULL,
    notes       TEXT,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1,
    UNIQUE (year, seq, revision)
) STRICT;
CREATE INDEX quotes_by_deal ON quotes (deal_id);
CREATE INDEX quotes_by_person ON quotes (person_id);
CREATE INDEX quotes_by_company ON quotes (company_id);

CREATE TABLE orders (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    year        INTEGER NOT NULL,
    seq         INTEGER NOT NULL CHECK (seq > 0),
    revision    INTEGER NOT NULL DEFAULT 1 CHECK (revision > 0),
    previous_id INTEGER,
    source_kind TEXT CHECK (source_kind IN ('quote', 'order')),
    source_id   INTEGER,
    deal_id     INTEGER REFERENCES deals (id),
    person_id   INTEGER REFERENCES people (id),
    company_id  INTEGER REFERENCES companies (id),
    currency    TEXT NOT NULL,
    issued_on   TEXT NOT NULL,
    due_on      TEXT,
    status      TEXT NOT NULL,
    notes       TEXT,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1,
    UNIQUE (year, seq, revision)
) STRICT;
CREATE INDEX orders_by_deal ON orders (deal_id);
CREATE INDEX orders_by_person ON orders (person_id);
CREATE INDEX orders_by_company ON orders (company_id);

CREATE TABLE invoices (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    year        INTEGER NOT NULL,
    seq         INTEGER NOT NULL CHECK (seq > 0),
    revision    INTEGER NOT NULL DEFAULT 1 CHECK (revision > 0),
    previous_id INTEGER,
    source_kind TEXT CHECK (source_kind IN ('quote', 'order')),
    source_id   INTEGER,
    deal_id     INTEGER REFERENCES deals (id),
    person_id   INTEGER REFERENCES people (id),
    company_id  INTEGER REFERENCES companies (id),
    currency    TEXT NOT NULL,
    issued_on   TEXT NOT NULL,
    due_on      TEXT,
    status      TEXT NOT NULL,
    notes       TEXT,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1,
    UNIQUE (year, seq, revision)
) STRICT;
CREATE INDEX invoices_by_deal ON invoices (deal_id);
CREATE INDEX invoices_by_person ON invoices (person_id);
CREATE INDEX invoices_by_company ON invoices (company_id);
CREATE INDEX invoices_by_issued ON invoices (issued_on);

-- The lines of a quote, order or invoice, in order. `doc` says which
-- table doc_id is in.
CREATE TABLE sales_lines (
    doc             TEXT NOT NULL CHECK (doc IN ('quote', 'order', 'invoice')),
    doc_id          INTEGER NOT NULL,
    position        INTEGER NOT NULL CHECK (position > 0),
    product_id      INTEGER REFERENCES products (id),
    description     TEXT NOT NULL,
    unit            TEXT,
    quantity_milli  INTEGER NOT NULL CHECK (quantity_milli > 0),
    unit_price      INTEGER NOT NULL CHECK (unit_price >= 0),
    discount_bp     INTEGER CHECK (discount_bp BETWEEN 0 AND 10000),
    discount_amount INTEGER CHECK (discount_amount >= 0),
    tax_bp          INTEGER NOT NULL CHECK (tax_bp BETWEEN 0 AND 10000),
    PRIMARY KEY (doc, doc_id, position)
) STRICT;
CREATE INDEX sales_lines_by_product ON sales_lines (product_id);

CREATE TABLE payments (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    invoice_id INTEGER NOT NULL REFERENCES invoices (id),
    amount     INTEGER NOT NULL CHECK (amount > 0),
    paid_on    TEXT NOT NULL,
    method     TEXT,
    reference  TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX payments_by_invoice ON payments (invoice_id);
CREATE INDEX payments_by_day ON payments (paid_on);
