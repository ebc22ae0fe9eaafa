//! The PostgreSQL side of the SQL layer: one client connection, prepared
//! statements kept per SQL text, and PostgreSQL's types mapped onto the
//! five storage classes entity code reads and binds (`value.rs`).
//!
//! Binding is by the type the server inferred for each parameter: an
//! integer bound where the server expects text is sent as its digits, as
//! SQLite would take it, so one SQL text serves both engines.

use super::error::{Error, Result};
use super::value::Value;
use bytes::{BufMut, BytesMut};
use postgres::error::SqlState;
use postgres::fallible_iterator::FallibleIterator;
use postgres::types::{FromSql, IsNull, ToSql, Type, to_sql_checked};
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};

type BoxError = Box<dyn std::error::Error + Sync + Send>;

/// One connection to a PostgreSQL database.
pub struct PgConnection {
    client: RefCell<postgres::Client>,
    /// Prepared statements by their SQL text as the store wrote it.
    cache: RefCell<HashMap<String, postgres::Statement>>,
    /// Statements the server cannot type alone (see
    /// [`PgStatement::TypedByValues`]), by the SQL text as the store wrote
    /// it, with their PostgreSQL text: sending one to the server to be
    /// refused cost every run a round trip (a page of people: over half its
    /// time) and would abort a transaction.
    untyped: RefCell<HashMap<String, String>>,
    /// Statements without parameters run once, unprepared (see
    /// [`PgStatement::Once`]), by the store's SQL text.
    run_once: RefCell<HashSet<String>>,
}

impl PgConnection {
    /// Connects with a `postgresql://` URL or a `key=value` string.
    pub fn connect(url: &str) -> Result<PgConnection> {
        let client = postgres::Client::connect(url, postgres::NoTls)?;
        Ok(PgConnection {
            client: RefCell::new(client),
            cache: RefCell::new(HashMap::new()),
            untyped: RefCell::new(HashMap::new()),
            run_once: RefCell::new(HashSet::new()),
        })
    }

    /// Subscribes this connection to a notification channel.
    pub fn listen(&self, channel: &str) -> Result<()> {
        // A channel is an identifier, not a parameter; ours are constants.
        self.batch(&format!("LISTEN {channel}"))
    }

    /// Waits until a notification arrives or `timeout` passes, and
    /// drops whatever arrived (the caller reads the news itself).
    pub fn wait_for_notification(&self, timeout: std::time::Duration) -> Result<()> {
        let mut client = self.client.borrow_mut();
        let mut notifications = client.notifications();
        let first = notifications.timeout_iter(timeout).next()?;
        if first.is_some() {
            // Drain the rest without waiting: one read covers them all.
            notifications.iter().count()?;
        }
        Ok(())
    }

    pub(super) fn prepare(&self, sql: &str, cached: bool) -> Result<PgStatement> {
        if let Some(found) = self.cache.borrow().get(sql) {
            return Ok(PgStatement::Ready(found.clone()));
        }
        if let Some(translated) = self.untyped.borrow().get(sql) {
            return Ok(PgStatement::TypedByValues(translated.clone()));
        }
        let translated = super::dialect::to_postgres(sql);
        // A command runs most statements once: one without parameters is
        // then sent with its run, one round trip instead of two. Seen
        // again (a long-running interface), it is prepared and kept.
        if !super::dialect::has_parameters(&translated)
            && self.run_once.borrow_mut().insert(sql.to_string())
        {
            return Ok(PgStatement::Once(translated));
        }
        if super::dialect::has_untyped_parameter(&translated) {
            return Ok(self.typed_by_values(sql, translated, cached));
        }
        let statement = match self.client.borrow_mut().prepare(&translated) {
            Ok(statement) => statement,
            // A parameter whose type nothing in the statement tells (`?4
            // IS NULL` on its own): SQLite takes any value there, so the
            // statement is prepared when the values are known, typed by them.
            Err(e)
                if e.code() == Some(&SqlState::INDETERMINATE_DATATYPE)
                    || e.code() == Some(&SqlState::AMBIGUOUS_PARAMETER) =>
            {
                return Ok(self.typed_by_values(sql, translated, cached));
            }
            Err(e) => {
                // For whoever ports a query: which text PostgreSQL refused.
                if std::env::var_os("KARIZ_DEBUG_SQL").is_some() {
                    eprintln!("PostgreSQL refused: {e} {:?}\n{translated}", e.code());
                }
                return Err(e.into());
            }
        };
        if cached {
            self.cache
                .borrow_mut()
                .insert(sql.to_string(), statement.clone());
        }
        Ok(PgStatement::Ready(statement))
    }

    /// A statement to prepare when its values are known, remembered by
    /// the store's SQL text when `cached`.
    fn typed_by_values(&self, sql: &str, translated: String, cached: bool) -> PgStatement {
        if cached {
            self.untyped
                .borrow_mut()
                .insert(sql.to_string(), translated.clone());
        }
        PgStatement::TypedByValues(translated)
    }

    fn ready(&self, statement: &PgStatement, values: &[Value]) -> Result<postgres::Statement> {
        match statement {
            PgStatement::Ready(s) => Ok(s.clone()),
            PgStatement::Once(sql) => Ok(self.client.borrow_mut().prepare(sql)?),
            PgStatement::TypedByValues(sql) => {
                let kinds: Vec<Type> = values.iter().map(type_of).collect();
                let key = format!("{sql}\u{0}{kinds:?}");
                if let Some(found) = self.cache.borrow().get(&key) {
                    return Ok(found.clone());
                }
                let types = self.infer_types(sql, values)?;
                let prepared = self.client.borrow_mut().prepare_typed(sql, &types)?;
                self.cache.borrow_mut().insert(key, prepared.clone());
                Ok(prepared)
            }
        }
    }

    /// The parameter types of a statement PostgreSQL could not type
    /// because a parameter is first met in `$N IS NULL`: the server types
    /// a copy without those tests, and a parameter that only appears in
    /// them takes its value's type.
    fn infer_types(&self, sql: &str, values: &[Value]) -> Result<Vec<Type>> {
        let probe = super::dialect::without_null_tests(sql);
        let hints: Vec<Type> = values
            .iter()
            .enumerate()
            .map(|(i, value)| {
                if super::dialect::mentions(&probe, i + 1) {
                    unspecified()
                } else {
                    type_of(value)
                }
            })
            .collect();
        let probed = self.client.borrow_mut().prepare_typed(&probe, &hints)?;
        Ok(probed.params().to_vec())
    }

    pub(super) fn execute(&self, statement: &PgStatement, values: &[Value]) -> Result<u64> {
        if let PgStatement::Once(sql) = statement {
            return Ok(self.client.borrow_mut().execute_typed(sql, &[])?);
        }
        let statement = self.ready(statement, values)?;
        let params = as_params(values);
        Ok(self.client.borrow_mut().execute(&statement, &params)?)
    }

    pub(super) fn query(
        &self,
        statement: &PgStatement,
        values: &[Value],
    ) -> Result<Vec<postgres::Row>> {
        if let PgStatement::Once(sql) = statement {
            return Ok(self.client.borrow_mut().query_typed(sql, &[])?);
        }
        let statement = self.ready(statement, values)?;
        let params = as_params(values);
        let rows = self.client.borrow_mut().query(&statement, &params);
        if let Err(e) = &rows
            && std::env::var_os("KARIZ_DEBUG_SQL").is_some()
        {
            eprintln!(
                "PostgreSQL query failed: {e:?} {values:?} {:?}",
                statement.params()
            );
        }
        Ok(rows?)
    }

    pub(super) fn batch(&self, sql: &str) -> Result<()> {
        Ok(self.client.borrow_mut().batch_execute(sql)?)
    }

    /// [`PgConnection::batch`] that also returns the last row any of the
    /// statements returned, as text (the simple protocol's form).
    pub(super) fn batch_last_row(&self, sql: &str) -> Result<Option<Vec<Option<String>>>> {
        let messages = self.client.borrow_mut().simple_query(sql)?;
        Ok(messages.iter().rev().find_map(|message| match message {
            postgres::SimpleQueryMessage::Row(row) => Some(
                (0..row.len())
                    .map(|i| row.get(i).map(str::to_string))
                    .collect(),
            ),
            _ => None,
        }))
    }

    /// The first column of the last row `sql` (one statement without
    /// parameters) returns, as text: the simple protocol, so one round
    /// trip and no statement left prepared on the server.
    pub fn simple_value(&self, sql: &str) -> Result<Option<String>> {
        Ok(self
            .batch_last_row(sql)?
            .and_then(|row| row.into_iter().next().flatten()))
    }

    /// Inserts `values[0].len()` rows into `table` in one statement, the
    /// values given column by column, each column bound as one array and
    /// turned back into rows by `unnest`; `tail` ends the statement (`ON
    /// CONFLICT DO NOTHING`). One round trip for a whole batch instead of
    /// one per row, which is what an import on a server spends its time
    /// on. An INSERT rather than `COPY FROM`: COPY refuses tables with row
    /// security (`roles.sql` forces it on every table), while an INSERT
    /// goes through the same policies, triggers and constraints as the
    /// single-row inserts it replaces.
    pub fn insert_columns(
        &self,
        table: &str,
        columns: &[(&str, ColumnType)],
        values: &[Vec<Value>],
        tail: &str,
    ) -> Result<u64> {
        let rows = values.first().map_or(0, Vec::len);
        if values.len() != columns.len() || values.iter().any(|c| c.len() != rows) {
            return Err(Error::Unsupported(format!(
                "a batch insert into {table} was given columns of unequal lengths"
            )));
        }
        if rows == 0 {
            return Ok(0);
        }
        let names: Vec<&str> = columns.iter().map(|(name, _)| *name).collect();
        let arrays: Vec<String> = columns
            .iter()
            .enumerate()
            .map(|(i, (_, kind))| format!("${}::{}", i + 1, kind.array()))
            .collect();
        // Table and column names are the store's constants, not input.
        let sql = format!(
            "INSERT INTO {table} ({}) SELECT * FROM unnest({}) {tail}",
            names.join(", "),
            arrays.join(", ")
        );
        let cached = self.cache.borrow().get(&sql).cloned();
        let statement = match cached {
            Some(statement) => statement,
            None => {
                let prepared = self.client.borrow_mut().prepare(&sql)?;
                self.cache.borrow_mut().insert(sql, prepared.clone());
                prepared
            }
        };
        let params: Vec<&(dyn ToSql + Sync)> = values
            .iter()
            .map(|column| column as &(dyn ToSql + Sync))
            .collect();
        Ok(self.client.borrow_mut().execute(&statement, &params)?)
    }
}

/// The type of a column filled by [`PgConnection::insert_columns`]: what
/// its array is cast to, so the server knows how to read the values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnType {
    Integer,
    Text,
    Blob,
}

impl ColumnType {
    fn array(self) -> &'static str {
        match self {
            ColumnType::Integer => "bigint[]",
            ColumnType::Text => "text[]",
            ColumnType::Blob => "bytea[]",
        }
    }
}

/// A statement prepared now, or when its values are known, or not at all.
pub enum PgStatement {
    Ready(postgres::Statement),
    TypedByValues(String),
    /// A statement without parameters met for the first time, in
    /// PostgreSQL's text: sent together with its run (the extended
    /// protocol's unnamed statement), not prepared first.
    Once(String),
}

/// The type a value is declared as when the statement itself says none.
fn type_of(value: &Value) -> Type {
    match value {
        Value::Integer(_) => Type::INT8,
        Value::Real(_) => Type::FLOAT8,
        Value::Blob(_) => Type::BYTEA,
        // NULL can be any type; text is what an untyped literal becomes.
        Value::Text(_) | Value::Null => Type::TEXT,
    }
}

/// "Let the server decide" (type oid 0) for one parameter.
fn unspecified() -> Type {
    Type::new(
        "unspecified".to_string(),
        0,
        postgres::types::Kind::Pseudo,
        "pg_catalog".to_string(),
    )
}

fn as_params(values: &[Value]) -> Vec<&(dyn ToSql + Sync)> {
    values.iter().map(|v| v as &(dyn ToSql + Sync)).collect()
}

/// Column `idx` of a PostgreSQL row as a storage-class value.
pub(super) fn column(row: &postgres::Row, idx: usize) -> Result<Value> {
    Ok(row.try_get::<_, Column>(idx)?.0)
}

/// A column of any type, read into [`Value`].
struct Column(Value);

impl<'a> FromSql<'a> for Column {
    fn from_sql(ty: &Type, raw: &'a [u8]) -> std::result::Result<Self, BoxError> {
        let value = match *ty {
            Type::INT8 => Value::Integer(i64::from_sql(ty, raw)?),
            Type::INT4 => Value::Integer(i64::from(i32::from_sql(ty, raw)?)),
            Type::INT2 => Value::Integer(i64::from(i16::from_sql(ty, raw)?)),
            Type::OID => Value::Integer(i64::from(u32::from_sql(ty, raw)?)),
            Type::BOOL => Value::Integer(i64::from(bool::from_sql(ty, raw)?)),
            Type::FLOAT8 => Value::Real(f64::from_sql(ty, raw)?),
            Type::FLOAT4 => Value::Real(f64::from(f32::from_sql(ty, raw)?)),
            Type::NUMERIC => numeric(raw)?,
            Type::BYTEA => Value::Blob(raw.to_vec()),
            // jsonb's binary form is a version byte and the text.
            Type::JSONB => Value::Text(String::from_utf8(
                raw.get(1..).unwrap_or_default().to_vec(),
            )?),
            _ => Value::Text(String::from_utf8(raw.to_vec())?),
        };
        Ok(Column(value))
    }

    fn from_sql_null(_: &Type) -> std::result::Result<Self, BoxError> {
        Ok(Column(Value::Null))
    }

    fn accepts(_: &Type) -> bool {
        true
    }
}

/// A NUMERIC (what PostgreSQL's `sum` of integers returns): an integer
/// when it has no fraction and fits, a float otherwise.
fn numeric(raw: &[u8]) -> std::result::Result<Value, BoxError> {
    let word = |i: usize| -> std::result::Result<u16, BoxError> {
        match raw.get(i * 2..i * 2 + 2) {
            Some(b) => Ok(u16::from_be_bytes([b[0], b[1]])),
            None => Err("NUMERIC value is cut short".into()),
        }
    };
    let count = usize::from(word(0)?);
    let weight = i32::from(word(1)? as i16);
    let sign = word(2)?;
    if sign == 0xC000 {
        return Ok(Value::Real(f64::NAN));
    }
    let mut whole: i128 = 0;
    let mut fraction = 0.0f64;
    let mut exact = true;
    for i in 0..count {
        let digit = i128::from(word(4 + i)?);
        let power = weight - i32::try_from(i).unwrap_or(i32::MAX);
        if power >= 0 {
            whole = whole
                .checked_mul(10_000i128.checked_pow(power as u32).unwrap_or(i128::MAX))
                .and_then(|_| {
                    10_000i128
                        .checked_pow(power as u32)
                        .and_then(|p| digit.checked_mul(p))
                        .and_then(|d| whole.checked_add(d))
                })
                .unwrap_or_else(|| {
                    exact = false;
                    whole
                });
        } else if digit != 0 {
            fraction += digit as f64 * 10_000f64.powi(power);
        }
    }
    let negative = sign == 0x4000;
    if exact && fraction == 0.0 {
        let signed = if negative { -whole } else { whole };
        if let Ok(small) = i64::try_from(signed) {
            return Ok(Value::Integer(small));
        }
    }
    let magnitude = whole as f64 + fraction;
    Ok(Value::Real(if negative { -magnitude } else { magnitude }))
}

impl ToSql for Value {
    fn to_sql(&self, ty: &Type, out: &mut BytesMut) -> std::result::Result<IsNull, BoxError> {
        match (self, ty) {
            (Value::Null, _) => return Ok(IsNull::Yes),
            (Value::Integer(i), &Type::INT8) => out.put_i64(*i),
            (Value::Integer(i), &Type::INT4) => out.put_i32(i32::try_from(*i)?),
            (Value::Integer(i), &Type::INT2) => out.put_i16(i16::try_from(*i)?),
            (Value::Integer(i), &Type::BOOL) => out.put_u8(u8::from(*i != 0)),
            (Value::Integer(i), &Type::FLOAT8) => out.put_f64(*i as f64),
            (Value::Integer(i), &Type::FLOAT4) => out.put_f32(*i as f32),
            (Value::Integer(i), &Type::NUMERIC) => put_numeric(*i, out),
            (Value::Real(f), &Type::FLOAT8) => out.put_f64(*f),
            (Value::Real(f), &Type::FLOAT4) => out.put_f32(*f as f32),
            (Value::Real(f), &Type::INT8) if f.fract() == 0.0 => out.put_i64(*f as i64),
            (Value::Blob(b), &Type::BYTEA) => out.put_slice(b),
            (Value::Text(s), &Type::BYTEA) => out.put_slice(s.as_bytes()),
            (Value::Text(s), &Type::INT8) => out.put_i64(s.trim().parse()?),
            (Value::Text(s), &Type::FLOAT8) => out.put_f64(s.trim().parse()?),
            (Value::Text(s), &Type::JSONB) => {
                out.put_u8(1);
                out.put_slice(s.as_bytes());
            }
            // Text-like types (text, varchar, name, json, unknown) take
            // the value's text form, as SQLite's TEXT affinity would.
            (Value::Text(s), _) => out.put_slice(s.as_bytes()),
            (Value::Integer(i), _) => out.put_slice(i.to_string().as_bytes()),
            (Value::Real(f), _) => out.put_slice(f.to_string().as_bytes()),
            (Value::Blob(b), _) => out.put_slice(std::str::from_utf8(b)?.as_bytes()),
        }
        Ok(IsNull::No)
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    to_sql_checked!();
}

/// An integer as NUMERIC's binary form (base-10000 digits).
fn put_numeric(value: i64, out: &mut BytesMut) {
    let mut digits = Vec::new();
    let mut rest = value.unsigned_abs();
    while rest > 0 {
        digits.push((rest % 10_000) as u16);
        rest /= 10_000;
    }
    digits.reverse();
    let count = digits.len() as u16;
    out.put_u16(count);
    out.put_i16(count as i16 - 1);
    out.put_u16(if value < 0 { 0x4000 } else { 0 });
    out.put_u16(0);
    for d in digits {
        out.put_u16(d);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encoded(value: i64) -> Vec<u8> {
        let mut out = BytesMut::new();
        put_numeric(value, &mut out);
        out.to_vec()
    }

    #[test]
    fn numeric_integers_round_trip() {
        for n in [
            0i64,
            1,
            9_999,
            10_000,
            123_456_789,
            -42,
            i64::MAX,
            i64::MIN + 1,
        ] {
            assert_eq!(numeric(&encoded(n)).unwrap(), Value::Integer(n), "{n}");
        }
    }

    #[test]
    fn numeric_fractions_become_reals() {
        // 12.5: two digits, weight 0: 12 and 5000 (×10⁻⁴), dscale 1.
        let raw = [0u8, 2, 0, 0, 0, 0, 0, 1, 0, 12, 0x13, 0x88];
        assert_eq!(numeric(&raw).unwrap(), Value::Real(12.5));
    }
}
