//! The values that cross the engine boundary: what a parameter binds and
//! what a column holds, in SQLite's five storage classes. PostgreSQL's
//! types are mapped onto these (see `pg.rs`), so entity code reads and
//! binds one way for both engines.

use std::fmt;

/// An owned SQL value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Integer(i64),
    Real(f64),
    Text(String),
    Blob(Vec<u8>),
}

/// A borrowed SQL value, as a row hands it out.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ValueRef<'a> {
    Null,
    Integer(i64),
    Real(f64),
    Text(&'a [u8]),
    Blob(&'a [u8]),
}

impl Value {
    /// This value, borrowed.
    pub fn as_ref(&self) -> ValueRef<'_> {
        match self {
            Value::Null => ValueRef::Null,
            Value::Integer(i) => ValueRef::Integer(*i),
            Value::Real(f) => ValueRef::Real(*f),
            Value::Text(s) => ValueRef::Text(s.as_bytes()),
            Value::Blob(b) => ValueRef::Blob(b),
        }
    }
}

impl ValueRef<'_> {
    /// The storage class's name, for conversion errors.
    pub fn kind(&self) -> &'static str {
        match self {
            ValueRef::Null => "NULL",
            ValueRef::Integer(_) => "INTEGER",
            ValueRef::Real(_) => "REAL",
            ValueRef::Text(_) => "TEXT",
            ValueRef::Blob(_) => "BLOB",
        }
    }

    /// An owned copy.
    pub fn to_value(self) -> Value {
        match self {
            ValueRef::Null => Value::Null,
            ValueRef::Integer(i) => Value::Integer(i),
            ValueRef::Real(f) => Value::Real(f),
            ValueRef::Text(t) => Value::Text(String::from_utf8_lossy(t).into_owned()),
            ValueRef::Blob(b) => Value::Blob(b.to_vec()),
        }
    }
}

/// Why a column could not be read as the type asked for.
#[derive(Debug, Clone, PartialEq)]
pub enum FromSqlError {
    /// The column holds another storage class (`found`).
    InvalidType(&'static str),
    /// An integer that does not fit the target type.
    OutOfRange(i64),
    /// Anything else, in words.
    Other(String),
}

impl fmt::Display for FromSqlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FromSqlError::InvalidType(found) => write!(f, "unexpected {found} value"),
            FromSqlError::OutOfRange(i) => write!(f, "value {i} out of range"),
            FromSqlError::Other(message) => f.write_str(message),
        }
    }
}

/// A Rust value that can be bound as a parameter.
pub trait ToSql {
    fn to_sql(&self) -> Value;
}

/// A Rust value that can be read from a column.
pub trait FromSql: Sized {
    fn from_sql(value: ValueRef<'_>) -> Result<Self, FromSqlError>;
}

impl<T: ToSql + ?Sized> ToSql for &T {
    fn to_sql(&self) -> Value {
        (**self).to_sql()
    }
}

impl<T: ToSql> ToSql for Option<T> {
    fn to_sql(&self) -> Value {
        match self {
            Some(v) => v.to_sql(),
            None => Value::Null,
        }
    }
}

impl<T: ToSql + ?Sized> ToSql for Box<T> {
    fn to_sql(&self) -> Value {
        (**self).to_sql()
    }
}

macro_rules! value_from {
    ($($t:ty),*) => {$(
        impl From<$t> for Value {
            fn from(v: $t) -> Value {
                v.to_sql()
            }
        }
    )*};
}
value_from!(String, &str, i64, f64, bool, Vec<u8>);

impl ToSql for Value {
    fn to_sql(&self) -> Value {
        self.clone()
    }
}

impl ToSql for ValueRef<'_> {
    fn to_sql(&self) -> Value {
        self.to_value()
    }
}

impl ToSql for str {
    fn to_sql(&self) -> Value {
        Value::Text(self.to_string())
    }
}

impl ToSql for String {
    fn to_sql(&self) -> Value {
        Value::Text(self.clone())
    }
}

impl ToSql for std::borrow::Cow<'_, str> {
    fn to_sql(&self) -> Value {
        Value::Text(self.to_string())
    }
}

impl ToSql for [u8] {
    fn to_sql(&self) -> Value {
        Value::Blob(self.to_vec())
    }
}

impl ToSql for Vec<u8> {
    fn to_sql(&self) -> Value {
        Value::Blob(self.clone())
    }
}

impl<const N: usize> ToSql for [u8; N] {
    fn to_sql(&self) -> Value {
        Value::Blob(self.to_vec())
    }
}

impl ToSql for bool {
    fn to_sql(&self) -> Value {
        Value::Integer(i64::from(*self))
    }
}

impl ToSql for f64 {
    fn to_sql(&self) -> Value {
        Value::Real(*self)
    }
}

impl ToSql for f32 {
    fn to_sql(&self) -> Value {
        Value::Real(f64::from(*self))
    }
}

macro_rules! exact_integers {
    ($($t:ty),*) => {$(
        impl ToSql for $t {
            fn to_sql(&self) -> Value {
                Value::Integer(i64::from(*self))
            }
        }
        impl FromSql for $t {
            fn from_sql(value: ValueRef<'_>) -> Result<Self, FromSqlError> {
                let wide = i64::from_sql(value)?;
                <$t>::try_from(wide).map_err(|_| FromSqlError::OutOfRange(wide))
            }
        }
    )*};
}
exact_integers!(i8, i16, i32, u8, u16, u32);

// Counts and limits are usize/u64 in Rust; past i64::MAX they saturate
// (a limit that large means "no limit", and no count gets there).
macro_rules! wide_integers {
    ($($t:ty),*) => {$(
        impl ToSql for $t {
            fn to_sql(&self) -> Value {
                Value::Integer(i64::try_from(*self).unwrap_or(i64::MAX))
            }
        }
        impl FromSql for $t {
            fn from_sql(value: ValueRef<'_>) -> Result<Self, FromSqlError> {
                let wide = i64::from_sql(value)?;
                <$t>::try_from(wide).map_err(|_| FromSqlError::OutOfRange(wide))
            }
        }
    )*};
}
wide_integers!(u64, usize);

impl ToSql for i64 {
    fn to_sql(&self) -> Value {
        Value::Integer(*self)
    }
}

impl FromSql for i64 {
    fn from_sql(value: ValueRef<'_>) -> Result<Self, FromSqlError> {
        match value {
            ValueRef::Integer(i) => Ok(i),
            other => Err(FromSqlError::InvalidType(other.kind())),
        }
    }
}

impl FromSql for bool {
    fn from_sql(value: ValueRef<'_>) -> Result<Self, FromSqlError> {
        Ok(i64::from_sql(value)? != 0)
    }
}

impl FromSql for f64 {
    fn from_sql(value: ValueRef<'_>) -> Result<Self, FromSqlError> {
        match value {
            ValueRef::Real(f) => Ok(f),
            // SQLite returns whole REAL sums as integers; both are numbers.
            ValueRef::Integer(i) => Ok(i as f64),
            other => Err(FromSqlError::InvalidType(other.kind())),
        }
    }
}

impl FromSql for String {
    fn from_sql(value: ValueRef<'_>) -> Result<Self, FromSqlError> {
        match value {
            ValueRef::Text(t) => String::from_utf8(t.to_vec())
                .map_err(|e| FromSqlError::Other(format!("text is not UTF-8: {e}"))),
            other => Err(FromSqlError::InvalidType(other.kind())),
        }
    }
}

impl FromSql for Vec<u8> {
    fn from_sql(value: ValueRef<'_>) -> Result<Self, FromSqlError> {
        match value {
            ValueRef::Blob(b) | ValueRef::Text(b) => Ok(b.to_vec()),
            other => Err(FromSqlError::InvalidType(other.kind())),
        }
    }
}

impl FromSql for Value {
    fn from_sql(value: ValueRef<'_>) -> Result<Self, FromSqlError> {
        Ok(value.to_value())
    }
}

impl<T: FromSql> FromSql for Option<T> {
    fn from_sql(value: ValueRef<'_>) -> Result<Self, FromSqlError> {
        match value {
            ValueRef::Null => Ok(None),
            other => T::from_sql(other).map(Some),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_convert_both_ways_and_refuse_what_does_not_fit() {
        assert_eq!(7u32.to_sql(), Value::Integer(7));
        assert_eq!(usize::MAX.to_sql(), Value::Integer(i64::MAX));
        assert_eq!(
            u8::from_sql(ValueRef::Integer(300)),
            Err(FromSqlError::OutOfRange(300))
        );
        assert_eq!(bool::from_sql(ValueRef::Integer(1)), Ok(true));
        assert_eq!(
            i64::from_sql(ValueRef::Text(b"1")),
            Err(FromSqlError::InvalidType("TEXT"))
        );
    }

    #[test]
    fn null_reads_as_none_and_options_bind_null() {
        assert_eq!(Option::<String>::from_sql(ValueRef::Null), Ok(None));
        assert_eq!(None::<i64>.to_sql(), Value::Null);
        assert!(String::from_sql(ValueRef::Null).is_err());
    }
}
