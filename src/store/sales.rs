//! Quotes, orders and invoices: one shape in three tables, their lines in
//! `sales_lines`, the per-year numbers, the quote's statuses and
//! revisions, and what accepting a quote does to its deal.

use super::db;
use super::db::{Connection, OptionalExtension, Row, params};
use super::{Writer, codec, found};
use crate::error::{Error, Result};
use crate::model::totals::Discount;
use crate::model::{DocData, DocKind, DocLine, DocNumber, DocStatus, Entity, SalesDoc};
use chrono::{Days, NaiveDate};

/// The table of a kind. A fixed list, so safe to put into SQL.
fn table(kind: DocKind) -> &'static str {
    match kind {
        DocKind::Quote => "quotes",
        DocKind::Order => "orders",
        DocKind::Invoice => "invoices",
    }
}

const COLUMNS: &str = "k.id, k.year, k.seq, k.revision, k.previous_id, k.source_kind, k.source_id,
    k.deal_id,
    k.person_id, k.company_id, k.currency, k.issued_on, k.due_on, k.status, k.notes,
    k.created_at, k.updated_at, k.version, p.name, c.name, d.title";

fn from_sql(kind: DocKind) -> String {
    format!(
        "FROM {} k LEFT JOIN people p ON p.id = k.person_id
         LEFT JOIN companies c ON c.id = k.company_id LEFT JOIN deals d ON d.id = k.deal_id",
        table(kind)
    )
}

fn date_at(row: &Row<'_>, idx: usize) -> db::Result<NaiveDate> {
    codec::get_opt_date(row, idx)?
        .ok_or_else(|| db::Error::conversion(idx, "a date is missing (NULL)"))
}

fn from_row(kind: DocKind, row: &Row<'_>) -> db::Result<SalesDoc> {
    let data = DocData {
        deal_id: row.get(7)?,
        person_id: row.get(8)?,
        company_id: row.get(9)?,
        currency: row.get(10)?,
        issued_on: date_at(row, 11)?,
        due_on: codec::get_opt_date(row, 12)?,
        status: codec::get_parsed(row, 13, DocStatus::parse)?,
        notes: row.get(14)?,
        lines: Vec::new(),
    };
    Ok(SalesDoc {
        id: row.get(0)?,
        kind,
        number: DocNumber {
            year: row.get(1)?,
            seq: row.get(2)?,
        },
        revision: row.get(3)?,
        previous_id: row.get(4)?,
        source: match (
            row.get::<_, Option<String>>(5)?,
            row.get::<_, Option<i64>>(6)?,
        ) {
            (Some(k), Some(id)) => DocKind::parse(&k).map(|k| (k, id)),
            _ => None,
        },
        data,
        totals: Default::default(),
        created_at: codec::get_ts(row, 15)?,
        updated_at: codec::get_ts(row, 16)?,
        version: row.get(17)?,
        person: row.get(18)?,
        company: row.get(19)?,
        deal: row.get(20)?,
    })
}

fn line_from_row(row: &Row<'_>) -> db::Result<DocLine> {
    let bp: Option<u32> = row.get(5)?;
    let amount: Option<i64> = row.get(6)?;
    Ok(DocLine {
        product_id: row.get(0)?,
        description: row.get(1)?,
        unit: row.get(2)?,
        quantity_milli: row.get(3)?,
        unit_price: row.get(4)?,
        discount: match (bp, amount) {
            (Some(bp), _) => Discount::Percent(bp),
            (None, Some(a)) => Discount::Amount(a),
            (None, None) => Discount::None,
        },
        tax_bp: row.get(7)?,
    })
}

fn lines(conn: &Connection, kind: DocKind, id: i64) -> Result<Vec<DocLine>> {
    let mut stmt = conn.prepare_cached(
        "SELECT product_id, description, unit, quantity_milli, unit_price, discount_bp,
            discount_amount, tax_bp
         FROM sales_lines WHERE doc = ?1 AND doc_id = ?2 ORDER BY position",
    )?;
    let rows = stmt.query_map(params![kind.as_str(), id], line_from_row)?;
    Ok(rows.collect::<db::Result<Vec<_>>>()?)
}

fn write_lines(conn: &Connection, kind: DocKind, id: i64, lines: &[DocLine]) -> Result<()> {
    conn.prepare_cached("DELETE FROM sales_lines WHERE doc = ?1 AND doc_id = ?2")?
        .execute(params![kind.as_str(), id])?;
    let mut insert = conn.prepare_cached(
        "INSERT INTO sales_lines (doc, doc_id, position, product_id, description, unit,
            quantity_milli, unit_price, discount_bp, discount_amount, tax_bp)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?;
    for (i, line) in lines.iter().enumerate() {
        let (bp, amount) = match line.discount {
            Discount::None => (None, None),
            Discount::Percent(bp) => (Some(bp), None),
            Discount::Amount(a) => (None, Some(a)),
        };
        insert.execute(params![
            kind.as_str(),
            id,
            i64::try_from(i + 1).unwrap_or(i64::MAX),
            line.product_id,
            line.description,
            line.unit,
            line.quantity_milli,
            line.unit_price,
            bp,
            amount,
            line.tax_bp
        ])?;
    }
    Ok(())
}

/// Fills a document's lines and figures.
fn complete(conn: &Connection, mut doc: SalesDoc) -> Result<SalesDoc> {
    doc.data.lines = lines(conn, doc.kind, doc.id)?;
    doc.totals = doc.data.totals().map_err(Error::Invalid)?;
    Ok(doc)
}

/// One quote, order or invoice with its lines and figures.
pub fn get(conn: &Connection, kind: DocKind, id: i64) -> Result<SalesDoc> {
    let sql = format!("SELECT {COLUMNS} {} WHERE k.id = ?1", from_sql(kind));
    let doc = found(
        conn.query_row(&sql, [id], |r| from_row(kind, r)),
        kind.entity(),
        id,
    )?;
    complete(conn, doc)
}

/// The latest revision of the document with `number`, or `revision`.
pub fn by_number(
    conn: &Connection,
    kind: DocKind,
    number: DocNumber,
    revision: Option<i64>,
) -> Result<SalesDoc> {
    let sql = format!(
        "SELECT id FROM {} WHERE year = ?1 AND seq = ?2 AND (?3 IS NULL OR revision = ?3)
         ORDER BY revision DESC LIMIT 1",
        table(kind)
    );
    let id: Option<i64> = conn
        .query_row(&sql, params![number.year, number.seq, revision], |r| {
            r.get(0)
        })
        .optional()?;
    match id {
        Some(id) => get(conn, kind, id),
        None => Err(Error::invalid(format!(
            "there is no {} {number}{}; the {} list shows the numbers",
            kind.as_str(),
            revision.map(|r| format!("/{r}")).unwrap_or_default(),
            kind.as_str()
        ))),
    }
}

/// Which documents to list.
#[derive(Debug, Clone, Default)]
pub struct DocFilter {
    /// Only those of this deal.
    pub deal_id: Option<i64>,
    /// Only those of this person.
    pub person_id: Option<i64>,
    /// Only those of this company (directly or through its people).
    pub company_id: Option<i64>,
    /// Only this status.
    pub status: Option<DocStatus>,
    /// Only those issued on or after this day.
    pub since: Option<NaiveDate>,
    /// Earlier revisions of quotes too.
    pub all_revisions: bool,
}

/// Documents matching `filter`, by number.
pub fn list(conn: &Connection, kind: DocKind, filter: &DocFilter) -> Result<Vec<SalesDoc>> {
    let sql = format!(
        "SELECT {COLUMNS} {}
         WHERE (?1 IS NULL OR k.deal_id = ?1) AND (?2 IS NULL OR k.person_id = ?2)
           AND (?3 IS NULL OR k.company_id = ?3 OR p.company_id = ?3)
           AND (?4 IS NULL OR k.status = ?4) AND (?5 IS NULL OR k.issued_on >= ?5)
           AND (?6 = 1 OR k.status != 'revised')
         ORDER BY k.year, k.seq, k.revision",
        from_sql(kind)
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(
        params![
            filter.deal_id,
            filter.person_id,
            filter.company_id,
            filter.status.map(DocStatus::as_str),
            filter.since.map(codec::date),
            filter.all_revisions,
        ],
        |r| from_row(kind, r),
    )?;
    let docs = rows.collect::<db::Result<Vec<_>>>()?;
    docs.into_iter().map(|d| complete(conn, d)).collect()
}

/// The documents of `kind` made from `source`.
pub fn made_from(conn: &Connection, kind: DocKind, source: (DocKind, i64)) -> Result<Vec<i64>> {
    let sql = format!(
        "SELECT id FROM {} WHERE source_kind = ?1 AND source_id = ?2 ORDER BY id",
        table(kind)
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params![source.0.as_str(), source.1], |r| r.get(0))?;
    Ok(rows.collect::<db::Result<Vec<_>>>()?)
}

/// Where a new document starts: its number, revision and links.
struct NewDoc {
    number: Option<DocNumber>,
    revision: i64,
    previous_id: Option<i64>,
    source: Option<(DocKind, i64)>,
}

impl Writer<'_> {
    /// The next number of `kind` this year, taken inside this (IMMEDIATE)
    /// transaction.
    fn next_number(&self, kind: DocKind) -> Result<DocNumber> {
        let year =
            super::cases::number_year(&self.config.support, self.config.display.calendar, self.now);
        self.take_turn(super::pg_turns::Turn::Numbers)?;
        let sql = format!(
            "SELECT COALESCE(MAX(seq), 0) + 1 FROM {} WHERE year = ?1",
            table(kind)
        );
        let seq: i64 = self.conn().query_row(&sql, [year], |r| r.get(0))?;
        Ok(DocNumber { year, seq })
    }

    fn insert_doc(
        &mut self,
        kind: DocKind,
        mut data: DocData,
        new: NewDoc,
    ) -> Result<(i64, DocNumber)> {
        data.validate().map_err(Error::Invalid)?;
        self.require(Entity::Deal, data.deal_id)?;
        self.require(Entity::Person, data.person_id)?;
        self.require(Entity::Company, data.company_id)?;
        let number = match new.number {
            Some(n) => n,
            None => self.next_number(kind)?,
        };
        let sql = format!(
            "INSERT INTO {} (year, seq, revision, previous_id, source_kind, source_id, deal_id,
                person_id, company_id, currency, issued_on, due_on, status, notes, created_at,
                updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?15)",
            table(kind)
        );
        let id: i64 = self.conn().insert_id(
            &sql,
            params![
                number.year,
                number.seq,
                new.revision,
                new.previous_id,
                new.source.map(|(k, _)| k.as_str()),
                new.source.map(|(_, id)| id),
                data.deal_id,
                data.person_id,
                data.company_id,
                data.currency,
                codec::date(data.issued_on),
                data.due_on.map(codec::date),
                data.status.as_str(),
                data.notes,
                codec::ts(self.now),
            ],
        )?;
        write_lines(self.conn(), kind, id, &data.lines)?;
        self.log_create(kind.entity(), id, &data)?;
        Ok((id, number))
    }

    /// Starts a draft quote on a deal, for the deal's customer, in
    /// `currency` (the deal's when `None`), valid until `valid_until`
    /// (`[sales] quote_valid_days` from today when `None`).
    pub fn add_quote(
        &mut self,
        deal_id: i64,
        currency: Option<String>,
        valid_until: Option<NaiveDate>,
    ) -> Result<(i64, DocNumber)> {
        let deal = self.deal(deal_id)?;
        let today = self.team_today();
        let days = u64::from(self.config.sales.quote_valid_days);
        let data = DocData {
            deal_id: Some(deal_id),
            person_id: deal.data.person_id,
            company_id: deal.data.company_id,
            currency: currency.unwrap_or(deal.data.currency),
            issued_on: today,
            due_on: valid_until.or_else(|| today.checked_add_days(Days::new(days))),
            status: DocStatus::Draft,
            notes: None,
            lines: Vec::new(),
        };
        let new = NewDoc {
            number: None,
            revision: 1,
            previous_id: None,
            source: None,
        };
        self.insert_doc(DocKind::Quote, data, new)
    }

    /// Replaces a document's fields if nobody saved since
    /// `expected_version`. A quote's fields and lines change only while it
    /// is a draft; statuses change through [`Writer::set_quote_status`].
    pub fn update_doc(
        &mut self,
        kind: DocKind,
        id: i64,
        expected_version: i64,
        mut data: DocData,
    ) -> Result<()> {
        self.hold(kind.entity(), id)?;
        let before = get(self.conn(), kind, id)?;
        if kind == DocKind::Quote && before.data.status != DocStatus::Draft {
            return Err(Error::invalid(format!(
                "quote {} is {}; only a draft changes — revise it to change its lines",
                before.label(),
                before.data.status
            )));
        }
        data.validate().map_err(Error::Invalid)?;
        self.write_doc(&before, expected_version, data)
    }

    fn write_doc(&mut self, before: &SalesDoc, expected_version: i64, data: DocData) -> Result<()> {
        let (kind, id) = (before.kind, before.id);
        if self.unchanged(kind.entity(), id, expected_version, &before.data, &data)? {
            return Ok(());
        }
        self.claim_version(kind.entity(), id, expected_version)?;
        let sql = format!(
            "UPDATE {} SET deal_id = ?1, person_id = ?2, company_id = ?3, currency = ?4,
                issued_on = ?5, due_on = ?6, status = ?7, notes = ?8
             WHERE id = ?9",
            table(kind)
        );
        self.conn().execute(
            &sql,
            params![
                data.deal_id,
                data.person_id,
                data.company_id,
                data.currency,
                codec::date(data.issued_on),
                data.due_on.map(codec::date),
                data.status.as_str(),
                data.notes,
                id
            ],
        )?;
        write_lines(self.conn(), kind, id, &data.lines)?;
        self.log_update(kind.entity(), id, &before.data, &data)?;
        Ok(())
    }

    /// Moves a quote to `to` (draft → sent → accepted | rejected |
    /// expired). Accepting sets the deal's value and currency to the
    /// quote's total and moves the deal to the configured stage.
    pub fn set_quote_status(
        &mut self,
        id: i64,
        expected: Option<i64>,
        to: DocStatus,
    ) -> Result<()> {
        self.hold(Entity::Quote, id)?;
        let quote = get(self.conn(), DocKind::Quote, id)?;
        // A sent quote past its valid-until date is expired (computed on
        // read, see docs/quotes.md): it can only be marked expired or
        // revised.
        let from = quote.status_on(self.team_today());
        if from == DocStatus::Expired && quote.data.status == DocStatus::Sent && to != from {
            return Err(Error::invalid(format!(
                "quote {} expired on {}; revise it for a new version with a new validity date",
                quote.label(),
                quote.data.due_on.map(|d| d.to_string()).unwrap_or_default()
            )));
        }
        let from = quote.data.status;
        if !from.next().contains(&to) {
            let allowed: Vec<&str> = from.next().iter().map(|s| s.as_str()).collect();
            return Err(Error::invalid(format!(
                "quote {} is {from} and cannot become {to}; from {from} it can become: {}",
                quote.label(),
                if allowed.is_empty() {
                    "nothing (revise it for a new version)".to_string()
                } else {
                    allowed.join(", ")
                }
            )));
        }
        if to == DocStatus::Sent && quote.data.lines.is_empty() {
            return Err(Error::invalid(format!(
                "quote {} has no lines; add a line before sending it",
                quote.label()
            )));
        }
        let mut data = quote.data.clone();
        data.status = to;
        self.write_doc(&quote, expected.unwrap_or(quote.version), data)?;
        if to == DocStatus::Accepted {
            self.accept_on_deal(&quote)?;
        }
        if to == DocStatus::Sent {
            self.log_sent(&quote)?;
        }
        Ok(())
    }

    /// A note on the deal's timeline (and its customer's) that the quote
    /// was sent, with its total, in the configured language and digits;
    /// written in the sending transaction, so the CLI and the interface
    /// both log it.
    fn log_sent(&mut self, quote: &SalesDoc) -> Result<i64> {
        let locale = crate::locale::Locale::from_config(self.config);
        let subject = locale.tf_sentence(
            "quote.sent_activity",
            &[
                ("number", &locale.digits(&quote.label())),
                (
                    "total",
                    &locale.money(quote.totals.total, &quote.data.currency),
                ),
            ],
        );
        let author = self.actor().to_string();
        self.add_activity(crate::model::ActivityData {
            kind: crate::model::ActivityKind::Note,
            subject,
            body: None,
            occurred_at: self.now,
            author,
            person_id: quote.data.person_id,
            company_id: quote.data.company_id,
            deal_id: quote.data.deal_id,
        })
    }

    /// The deal's value and currency become the quote's total; an open
    /// deal moves to `[sales] accept_stage` when set for its pipeline (a
    /// deal already won or lost keeps its stage: a quote accepted late
    /// must not reopen it).
    fn accept_on_deal(&mut self, quote: &SalesDoc) -> Result<()> {
        let Some(deal_id) = quote.data.deal_id else {
            return Ok(());
        };
        self.hold(Entity::Deal, deal_id)?;
        let deal = self.deal(deal_id)?;
        let mut data = deal.data.clone();
        data.value_minor = quote.totals.total;
        data.currency = quote.data.currency.clone();
        let open = deal.status == crate::model::DealStatus::Open;
        if let Some(stage) = self
            .config
            .sales
            .accept_stage_for(&deal.data.pipeline)
            .filter(|_| open)
        {
            let known = self
                .config
                .pipeline(&deal.data.pipeline)
                .and_then(|p| p.stage(stage))
                .map(|s| s.name.clone());
            if let Some(stage) = known {
                data.stage = stage;
            }
        }
        self.update_deal(deal_id, deal.version, data)
    }

    /// Makes a new draft revision of a sent, rejected or expired quote: same
    /// number, next revision, the lines copied; the earlier one becomes
    /// `revised` and stays readable as it was. Returns the new id.
    pub fn revise_quote(&mut self, id: i64) -> Result<i64> {
        self.hold(Entity::Quote, id)?;
        let quote = get(self.conn(), DocKind::Quote, id)?;
        if !matches!(
            quote.data.status,
            DocStatus::Sent | DocStatus::Rejected | DocStatus::Expired
        ) {
            return Err(Error::invalid(format!(
                "quote {} is {}; only a sent, rejected or expired quote is revised (a draft is edited as it is)",
                quote.label(),
                quote.data.status
            )));
        }
        let mut old = quote.data.clone();
        old.status = DocStatus::Revised;
        self.write_doc(&quote, quote.version, old)?;
        let today = self.team_today();
        let days = u64::from(self.config.sales.quote_valid_days);
        let mut data = quote.data.clone();
        data.status = DocStatus::Draft;
        data.issued_on = today;
        data.due_on = today.checked_add_days(Days::new(days));
        let new = NewDoc {
            number: Some(quote.number),
            revision: quote.revision + 1,
            previous_id: Some(quote.id),
            source: None,
        };
        Ok(self.insert_doc(DocKind::Quote, data, new)?.0)
    }

    /// Makes an order from an accepted quote, copying its lines.
    pub fn order_from_quote(&mut self, quote_id: i64) -> Result<(i64, DocNumber)> {
        let quote = get(self.conn(), DocKind::Quote, quote_id)?;
        if quote.data.status != DocStatus::Accepted {
            return Err(Error::invalid(format!(
                "quote {} is {}; only an accepted quote becomes an order",
                quote.label(),
                quote.data.status
            )));
        }
        if let Some(existing) =
            made_from(self.conn(), DocKind::Order, (DocKind::Quote, quote_id))?.first()
        {
            let order = get(self.conn(), DocKind::Order, *existing)?;
            return Err(Error::invalid(format!(
                "quote {} already became order {}",
                quote.label(),
                order.label()
            )));
        }
        self.copy_doc(&quote, DocKind::Order, None)
    }

    /// Makes an invoice from an order or an accepted quote, copying its
    /// lines; due `[sales] payment_terms_days` after today.
    pub fn invoice_from(&mut self, kind: DocKind, source_id: i64) -> Result<(i64, DocNumber)> {
        let source = get(self.conn(), kind, source_id)?;
        match kind {
            DocKind::Invoice => {
                return Err(Error::invalid(
                    "an invoice is made from an order or a quote",
                ));
            }
            DocKind::Quote if source.data.status != DocStatus::Accepted => {
                return Err(Error::invalid(format!(
                    "quote {} is {}; only an accepted quote is invoiced",
                    source.label(),
                    source.data.status
                )));
            }
            _ => {}
        }
        if let Some(existing) = self.invoice_of(kind, source_id)? {
            return Err(Error::invalid(format!(
                "{} {} is already invoiced: invoice {}",
                kind.as_str(),
                source.label(),
                existing.label()
            )));
        }
        let days = u64::from(self.config.sales.payment_terms_days);
        let due = self.team_today().checked_add_days(Days::new(days));
        self.copy_doc(&source, DocKind::Invoice, due)
    }

    /// The invoice already made from `kind` `id` (for a quote: also from
    /// an order made from it).
    fn invoice_of(&self, kind: DocKind, id: i64) -> Result<Option<SalesDoc>> {
        let mut sources = vec![(kind, id)];
        if kind == DocKind::Quote {
            for order in made_from(self.conn(), DocKind::Order, (kind, id))? {
                sources.push((DocKind::Order, order));
            }
        }
        for source in sources {
            if let Some(invoice) = made_from(self.conn(), DocKind::Invoice, source)?.first() {
                return Ok(Some(get(self.conn(), DocKind::Invoice, *invoice)?));
            }
        }
        Ok(None)
    }

    /// Copies `source` into a new document of `kind` (its own number, the
    /// lines as they are, issued today).
    fn copy_doc(
        &mut self,
        source: &SalesDoc,
        kind: DocKind,
        due: Option<NaiveDate>,
    ) -> Result<(i64, DocNumber)> {
        let mut data = source.data.clone();
        data.status = DocStatus::Open;
        data.issued_on = self.team_today();
        data.due_on = due;
        let new = NewDoc {
            number: None,
            revision: 1,
            previous_id: None,
            source: Some((source.kind, source.id)),
        };
        self.insert_doc(kind, data, new)
    }

    /// A quote, order or invoice, read inside this transaction.
    pub fn doc(&self, kind: DocKind, id: i64) -> Result<SalesDoc> {
        get(self.conn(), kind, id)
    }
}

impl super::Store {
    /// One quote, order or invoice.
    pub fn doc(&self, kind: DocKind, id: i64) -> Result<SalesDoc> {
        get(&self.conn, kind, id)
    }

    /// The latest revision (or `revision`) of the document with `number`.
    pub fn doc_by_number(
        &self,
        kind: DocKind,
        number: DocNumber,
        revision: Option<i64>,
    ) -> Result<SalesDoc> {
        by_number(&self.conn, kind, number, revision)
    }

    /// Documents of `kind` matching `filter`, by number.
    pub fn docs(&self, kind: DocKind, filter: &DocFilter) -> Result<Vec<SalesDoc>> {
        list(&self.conn, kind, filter)
    }

    /// The documents of `kind` made from `source`.
    pub fn docs_made_from(&self, kind: DocKind, source: (DocKind, i64)) -> Result<Vec<i64>> {
        made_from(&self.conn, kind, source)
    }
}
