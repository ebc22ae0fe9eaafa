//! Statements, result rows and reading columns, for both engines.

use super::Params;
use super::error::{Error, Result};
use super::pg::PgConnection;
use super::value::{FromSql, Value, ValueRef};

/// A compiled statement.
pub struct Statement<'c> {
    inner: Inner<'c>,
}

enum Inner<'c> {
    SqliteCached(rusqlite::CachedStatement<'c>),
    Sqlite(rusqlite::Statement<'c>),
    Postgres {
        conn: &'c PgConnection,
        statement: super::pg::PgStatement,
    },
}

impl<'c> Statement<'c> {
    pub(super) fn sqlite_cached(statement: rusqlite::CachedStatement<'c>) -> Self {
        Statement {
            inner: Inner::SqliteCached(statement),
        }
    }

    pub(super) fn sqlite(statement: rusqlite::Statement<'c>) -> Self {
        Statement {
            inner: Inner::Sqlite(statement),
        }
    }

    pub(super) fn postgres(conn: &'c PgConnection, statement: super::pg::PgStatement) -> Self {
        Statement {
            inner: Inner::Postgres { conn, statement },
        }
    }

    /// Runs the statement; the number of rows it changed.
    pub fn execute<P: Params>(&mut self, params: P) -> Result<usize> {
        let values = params.into_values();
        match &mut self.inner {
            Inner::SqliteCached(s) => Ok(s.execute(rusqlite::params_from_iter(values.iter()))?),
            Inner::Sqlite(s) => Ok(s.execute(rusqlite::params_from_iter(values.iter()))?),
            Inner::Postgres { conn, statement } => {
                let changed = conn.execute(statement, &values)?;
                Ok(usize::try_from(changed).unwrap_or(usize::MAX))
            }
        }
    }

    /// The rows of a query, to step through with [`Rows::next`].
    pub fn query<P: Params>(&mut self, params: P) -> Result<Rows<'_>> {
        let values = params.into_values();
        match &mut self.inner {
            Inner::SqliteCached(s) => Ok(Rows::Sqlite(
                s.query(rusqlite::params_from_iter(values.iter()))?,
            )),
            Inner::Sqlite(s) => Ok(Rows::Sqlite(
                s.query(rusqlite::params_from_iter(values.iter()))?,
            )),
            Inner::Postgres { conn, statement } => Ok(Rows::Postgres {
                rows: conn.query(statement, &values)?.into_iter(),
                current: None,
            }),
        }
    }

    /// The rows of a query, each read by `f`.
    pub fn query_map<T, P, F>(&mut self, params: P, f: F) -> Result<MappedRows<'_, F>>
    where
        P: Params,
        F: FnMut(&Row<'_>) -> Result<T>,
    {
        Ok(MappedRows {
            rows: self.query(params)?,
            f,
        })
    }

    /// The first row, read by `f`; [`Error::QueryReturnedNoRows`] when none.
    pub fn query_row<T, P, F>(&mut self, params: P, f: F) -> Result<T>
    where
        P: Params,
        F: FnOnce(&Row<'_>) -> Result<T>,
    {
        let mut rows = self.query(params)?;
        match rows.next()? {
            Some(row) => f(&row),
            None => Err(Error::QueryReturnedNoRows),
        }
    }
}

/// The rows of a running query.
pub enum Rows<'s> {
    Sqlite(rusqlite::Rows<'s>),
    Postgres {
        rows: std::vec::IntoIter<postgres::Row>,
        current: Option<postgres::Row>,
    },
}

impl Rows<'_> {
    /// The next row, or `None` after the last.
    #[allow(clippy::should_implement_trait)] // lends the row: not an Iterator
    pub fn next(&mut self) -> Result<Option<Row<'_>>> {
        match self {
            Rows::Sqlite(rows) => Ok(rows.next()?.map(Row::Sqlite)),
            Rows::Postgres { rows, current } => {
                *current = rows.next();
                Ok(current.as_ref().map(Row::Postgres))
            }
        }
    }
}

/// The rows of a query, each read by a function.
pub struct MappedRows<'s, F> {
    rows: Rows<'s>,
    f: F,
}

impl<T, F> Iterator for MappedRows<'_, F>
where
    F: FnMut(&Row<'_>) -> Result<T>,
{
    type Item = Result<T>;

    fn next(&mut self) -> Option<Result<T>> {
        match self.rows.next() {
            Ok(Some(row)) => Some((self.f)(&row)),
            Ok(None) => None,
            Err(e) => Some(Err(e)),
        }
    }
}

/// One result row.
pub enum Row<'r> {
    Sqlite(&'r rusqlite::Row<'r>),
    Postgres(&'r postgres::Row),
}

impl Row<'_> {
    /// Column `idx` (from 0) as a `T`.
    pub fn get<I: RowIndex, T: FromSql>(&self, idx: I) -> Result<T> {
        let idx = idx.index();
        let converted = match self {
            Row::Sqlite(row) => T::from_sql(from_sqlite(row.get_ref(idx)?)),
            Row::Postgres(row) => {
                let value = super::pg::column(row, idx)?;
                T::from_sql(value.as_ref())
            }
        };
        converted.map_err(|source| Error::FromSql {
            column: idx,
            source,
        })
    }

    /// Text column `idx` without copying it (`None`: NULL); an error
    /// when it holds another type.
    pub fn get_str(&self, idx: usize) -> Result<Option<&str>> {
        let text = match self {
            Row::Sqlite(row) => match row.get_ref(idx)? {
                rusqlite::types::ValueRef::Null => None,
                other => Some(
                    other
                        .as_str()
                        .map_err(|e| Error::conversion(idx, e.to_string()))?,
                ),
            },
            Row::Postgres(row) => row.try_get::<_, Option<&str>>(idx)?,
        };
        Ok(text)
    }

    /// Column `idx` as stored, whatever its type.
    pub fn get_value(&self, idx: usize) -> Result<Value> {
        self.get(idx)
    }
}

/// A column position (a trait so `get::<_, T>(0)` reads as in rusqlite).
pub trait RowIndex {
    fn index(self) -> usize;
}

impl RowIndex for usize {
    fn index(self) -> usize {
        self
    }
}

fn from_sqlite(value: rusqlite::types::ValueRef<'_>) -> ValueRef<'_> {
    use rusqlite::types::ValueRef as V;
    match value {
        V::Null => ValueRef::Null,
        V::Integer(i) => ValueRef::Integer(i),
        V::Real(f) => ValueRef::Real(f),
        V::Text(t) => ValueRef::Text(t),
        V::Blob(b) => ValueRef::Blob(b),
    }
}

impl rusqlite::ToSql for Value {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        use rusqlite::types::{ToSqlOutput, ValueRef as V};
        Ok(ToSqlOutput::Borrowed(match self {
            Value::Null => V::Null,
            Value::Integer(i) => V::Integer(*i),
            Value::Real(f) => V::Real(*f),
            Value::Text(s) => V::Text(s.as_bytes()),
            Value::Blob(b) => V::Blob(b),
        }))
    }
}
