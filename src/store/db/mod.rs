//! One SQL interface over the two engines kariz stores in: SQLite (a file,
//! embedded) and PostgreSQL (a server). Entity files write their SQL once,
//! against this module, in the dialect both engines accept (`?1`
//! parameters, RETURNING, ON CONFLICT, CTEs); `pg.rs` renumbers the
//! parameters for PostgreSQL. The surface follows rusqlite's, which the
//! store was written against, so the SQL and row-reading code did not have
//! to change shape when the second engine arrived.
//!
//! Engine-specific work (opening, PRAGMAs, backups, migrations, bulk
//! loading, change notification) reaches its engine through
//! [`Connection::sqlite`] / [`Connection::postgres`] and stays in the files
//! that do it.

mod dialect;
mod error;
mod pg;
mod rows;
mod value;

pub use error::{Error, OptionalExtension, Result};
pub use pg::{ColumnType, PgConnection};
#[allow(unused_imports)] // the full surface, for entity files to name
pub use rows::{MappedRows, Row, RowIndex, Rows, Statement};
#[allow(unused_imports)]
pub use value::{FromSql, FromSqlError, ToSql, Value, ValueRef};

/// Parameters of one statement: `params![…]`, an array of one type,
/// `[]`, or [`params_from_iter`].
pub trait Params {
    fn into_values(self) -> Vec<Value>;
}

impl Params for &[&dyn ToSql] {
    fn into_values(self) -> Vec<Value> {
        self.iter().map(|v| v.to_sql()).collect()
    }
}

impl<const N: usize> Params for &[&dyn ToSql; N] {
    fn into_values(self) -> Vec<Value> {
        self.iter().map(|v| v.to_sql()).collect()
    }
}

/// `[]`: no parameters (a type of its own, so `[]` needs no annotation).
impl Params for [&dyn ToSql; 0] {
    fn into_values(self) -> Vec<Value> {
        Vec::new()
    }
}

macro_rules! array_params {
    ($($n:literal)*) => {$(
        impl<T: ToSql> Params for [T; $n] {
            fn into_values(self) -> Vec<Value> {
                self.iter().map(|v| v.to_sql()).collect()
            }
        }
    )*};
}
array_params!(1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16);

/// Parameters from an iterator, in order.
pub struct ParamsFromIter<I>(I);

/// Binds the items of `iter` as `?1, ?2, …`.
pub fn params_from_iter<I>(iter: I) -> ParamsFromIter<I>
where
    I: IntoIterator,
    I::Item: ToSql,
{
    ParamsFromIter(iter)
}

impl<I> Params for ParamsFromIter<I>
where
    I: IntoIterator,
    I::Item: ToSql,
{
    fn into_values(self) -> Vec<Value> {
        self.0.into_iter().map(|v| v.to_sql()).collect()
    }
}

/// `params![a, b, …]`: parameters of mixed types, bound as `?1, ?2, …`.
macro_rules! params {
    () => {
        &[] as &[&dyn $crate::store::db::ToSql]
    };
    ($($param:expr),+ $(,)?) => {
        &[$(&$param as &dyn $crate::store::db::ToSql),+] as &[&dyn $crate::store::db::ToSql]
    };
}
pub(crate) use params;

/// An open connection to one of the two engines.
pub struct Connection {
    engine: Engine,
}

enum Engine {
    Sqlite(rusqlite::Connection),
    Postgres(Box<PgConnection>),
}

impl From<rusqlite::Connection> for Connection {
    fn from(conn: rusqlite::Connection) -> Self {
        Connection {
            engine: Engine::Sqlite(conn),
        }
    }
}

impl From<PgConnection> for Connection {
    fn from(conn: PgConnection) -> Self {
        Connection {
            engine: Engine::Postgres(Box::new(conn)),
        }
    }
}

impl Connection {
    /// A bare private SQLite database in memory, for the store's own tests
    /// (no pragmas, no schema: `open.rs` does those for real stores).
    #[cfg(test)]
    pub fn open_in_memory() -> Result<Connection> {
        Ok(rusqlite::Connection::open_in_memory()?.into())
    }

    /// The SQLite connection, for SQLite-only work (PRAGMAs, backups).
    pub fn sqlite(&self) -> Option<&rusqlite::Connection> {
        match &self.engine {
            Engine::Sqlite(conn) => Some(conn),
            Engine::Postgres(_) => None,
        }
    }

    /// The PostgreSQL connection, for PostgreSQL-only work.
    pub fn postgres(&self) -> Option<&PgConnection> {
        match &self.engine {
            Engine::Sqlite(_) => None,
            Engine::Postgres(conn) => Some(conn),
        }
    }

    /// Whether this is a PostgreSQL connection.
    pub fn is_postgres(&self) -> bool {
        matches!(self.engine, Engine::Postgres(_))
    }

    /// Runs one statement; the number of rows it changed.
    pub fn execute<P: Params>(&self, sql: &str, params: P) -> Result<usize> {
        self.prepare_cached(sql)?.execute(params)
    }

    /// Runs several statements separated by `;`, without parameters.
    pub fn execute_batch(&self, sql: &str) -> Result<()> {
        match &self.engine {
            Engine::Sqlite(conn) => Ok(conn.execute_batch(sql)?),
            Engine::Postgres(conn) => conn.batch(sql),
        }
    }

    /// Runs `insert`, one `INSERT` of one row into a table whose key is
    /// `id`, and returns the new row's id. On PostgreSQL the statement gets
    /// `RETURNING id`. On SQLite it runs as written and the id is the
    /// connection's last rowid: SQLite carries out `RETURNING` as a
    /// trigger, and a statement with a trigger keeps a statement journal
    /// of every page it changes. In an import's long transaction that
    /// journal had spilled to a temporary file, so every new person cost
    /// seven writes to it (a sixth of a million-row import).
    pub fn insert_id<P: Params>(&self, insert: &str, params: P) -> Result<i64> {
        match &self.engine {
            Engine::Sqlite(conn) => {
                self.prepare_cached(insert)?.execute(params)?;
                Ok(conn.last_insert_rowid())
            }
            Engine::Postgres(_) => self
                .prepare_cached(&format!("{insert} RETURNING id"))?
                .query_row(params, |r| r.get(0)),
        }
    }

    /// The first row of a query, read by `f`; [`Error::QueryReturnedNoRows`]
    /// when there is none.
    pub fn query_row<T, P, F>(&self, sql: &str, params: P, f: F) -> Result<T>
    where
        P: Params,
        F: FnOnce(&Row<'_>) -> Result<T>,
    {
        self.prepare_cached(sql)?.query_row(params, f)
    }

    /// A statement compiled once per connection and kept for reuse.
    pub fn prepare_cached(&self, sql: &str) -> Result<Statement<'_>> {
        match &self.engine {
            Engine::Sqlite(conn) => Ok(Statement::sqlite_cached(conn.prepare_cached(sql)?)),
            Engine::Postgres(conn) => Ok(Statement::postgres(conn, conn.prepare(sql, true)?)),
        }
    }

    /// A statement for one use (SQL built for this call).
    pub fn prepare(&self, sql: &str) -> Result<Statement<'_>> {
        match &self.engine {
            Engine::Sqlite(conn) => Ok(Statement::sqlite(conn.prepare(sql)?)),
            Engine::Postgres(conn) => Ok(Statement::postgres(conn, conn.prepare(sql, false)?)),
        }
    }

    /// Starts a write transaction; it rolls back unless committed. On
    /// SQLite it takes the write lock at once (`BEGIN IMMEDIATE`), so a
    /// transaction that reads and then writes cannot fail half-way.
    pub fn transaction(&self) -> Result<Transaction<'_>> {
        let begin = match &self.engine {
            Engine::Sqlite(_) => "BEGIN IMMEDIATE",
            Engine::Postgres(_) => "BEGIN",
        };
        self.execute_batch(begin)?;
        Ok(Transaction {
            conn: self,
            open: true,
        })
    }
}

impl Connection {
    /// Starts a read-only transaction whose reads all see one state of the
    /// database, whatever others commit meanwhile (SQLite in WAL mode: as
    /// of its first read; PostgreSQL: as of its first statement), for a
    /// consistent copy. Nothing to commit: dropping it ends it.
    pub fn snapshot(&self) -> Result<Transaction<'_>> {
        let begin = match &self.engine {
            Engine::Sqlite(_) => "BEGIN DEFERRED",
            Engine::Postgres(_) => "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
        };
        self.execute_batch(begin)?;
        Ok(Transaction {
            conn: self,
            open: true,
        })
    }
}

/// An open transaction; dropping it uncommitted rolls it back.
pub struct Transaction<'c> {
    conn: &'c Connection,
    open: bool,
}

impl Transaction<'_> {
    /// Makes the transaction's changes permanent.
    pub fn commit(mut self) -> Result<()> {
        // On failure `open` stays set, so the drop rolls back rather than
        // leaving the connection inside a transaction.
        self.conn.execute_batch("COMMIT")?;
        self.open = false;
        Ok(())
    }

    /// PostgreSQL: runs `last_words` (statements without parameters) and
    /// commits, in one round trip; the last row the statements returned,
    /// as text. What a lock taken in `last_words` guards is thus held for
    /// no client round trip at all.
    pub fn commit_after(mut self, last_words: &str) -> Result<Option<Vec<Option<String>>>> {
        let Engine::Postgres(conn) = &self.conn.engine else {
            return Err(Error::Unsupported(
                "committing after a statement batch is PostgreSQL's".into(),
            ));
        };
        // On failure `open` stays set: the drop's ROLLBACK ends an aborted
        // transaction (after a failed COMMIT the server has ended it, and
        // the ROLLBACK is only a warning there).
        let row = conn.batch_last_row(&format!("{last_words}; COMMIT"))?;
        self.open = false;
        Ok(row)
    }
}

impl std::ops::Deref for Transaction<'_> {
    type Target = Connection;

    fn deref(&self) -> &Connection {
        self.conn
    }
}

impl Drop for Transaction<'_> {
    fn drop(&mut self) {
        if self.open {
            // The error that ended the transaction is the one to report; a
            // failed rollback leaves the engine to roll back on close.
            let _ = self.conn.execute_batch("ROLLBACK");
        }
    }
}
