//! Typed errors of the kariz library.
//!
//! Callers branch on these (the CLI maps them to exit codes, the TUI offers a
//! reload on a conflict), so they are an enum rather than strings. Messages
//! name the record and what happened, in words every front-end can show;
//! what to type next is the front-end's to add (`cli::exit::message_for`
//! adds the commands and flags), so the TUI never shows a CLI flag.

use crate::model::Entity;

/// Result alias for library operations.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything the store and services can report.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The record does not exist (or was deleted meanwhile).
    #[error("{entity} {id} does not exist")]
    NotFound {
        /// Kind of record looked for.
        entity: Entity,
        /// Its id.
        id: i64,
    },

    /// Somebody else saved the record after it was read: nothing was written.
    #[error("{}", conflict_message(*entity, *id, *expected, *actual))]
    Conflict {
        /// Kind of record.
        entity: Entity,
        /// Its id.
        id: i64,
        /// Version the caller based the change on.
        expected: i64,
        /// Version now in the database.
        actual: i64,
    },

    /// Someone else changed fields this edit also changed, since it was
    /// read: nothing was written. Each field has its original, their and
    /// my value, so a front-end can show them side by side.
    #[error("{}", field_conflict_message(*entity, *id, fields))]
    FieldConflict {
        /// Kind of record.
        entity: Entity,
        /// Its id.
        id: i64,
        /// The fields changed on both sides.
        fields: Vec<crate::model::patch::FieldConflict>,
    },

    /// A deal was moved to a lost stage without saying why. Front-ends add
    /// how to give the reason (the CLI's `--reason`, the TUI's picker).
    #[error("moving a deal to {} needs a reason why it was lost", crate::text::sanitize::quoted(.stage))]
    LostReasonRequired {
        /// The lost stage.
        stage: String,
    },

    /// A value was rejected before anything was written.
    #[error("{0}")]
    Invalid(String),

    /// A value or request was refused, with the values the message names
    /// (the interface says it in its language: `Locale::store_error`).
    #[error(transparent)]
    Input(#[from] crate::model::input_error::InputError),

    /// A request was rejected, and what would fix it is one of the
    /// front-end's own controls. The message says what is wrong in domain
    /// words; `remedy` names the control, so the CLI adds its flag
    /// (`cli::exit::message_for`) and the TUI its own wording.
    #[error("{message}")]
    Rejected {
        /// What is wrong, naming no flag or key.
        message: String,
        /// Which control would fix it.
        remedy: Remedy,
    },

    /// A delete was refused because other records still point at this one.
    #[error("{message}")]
    InUse {
        /// The English sentence (the CLI's text).
        message: String,
        /// What was to be deleted.
        entity: Entity,
        /// Its id.
        id: i64,
        /// Its name or title.
        label: String,
        /// Per kind, the ids of the records still pointing at it.
        links: Vec<(Entity, Vec<i64>)>,
    },

    /// The database schema is not one this build can use.
    #[error("{0}")]
    Schema(String),

    /// The database was held by another process for longer than the
    /// store waits (SQLite's busy timeout); nothing was saved.
    #[error("{0}")]
    Busy(String),

    /// The database cannot be written (file or folder permissions, a
    /// read-only medium); nothing was saved.
    #[error("{0}")]
    ReadOnly(String),

    /// The database refused this user the action (PostgreSQL's GRANTs and
    /// row-level policies); nothing was saved.
    #[error("{0}")]
    Denied(String),

    /// The database file is damaged; restoring a backup is the remedy.
    #[error("{0}")]
    Damaged(String),

    /// The disk (or the database's size limit) is full; nothing was saved.
    #[error("{0}")]
    Full(String),

    /// Any other failure the database reported, in its words. The store
    /// maps its engine's errors to this and the variants above, so no
    /// engine type is part of this enum.
    #[error("database error: {0}")]
    Database(String),

    /// A record looked up by name does not exist.
    #[error("no {entity} is named \"{}\"", crate::text::sanitize::visible(.name))]
    NotFoundNamed {
        /// Kind of record looked for.
        entity: Entity,
        /// The name given.
        name: String,
    },

    /// Reading or writing a file failed.
    // `cause` rather than `source`: the message already includes it, and
    // a source would make error chains print it twice.
    #[error("{context}: {cause}")]
    Io {
        /// What was being done, with the path.
        context: String,
        /// The underlying error.
        cause: std::io::Error,
    },
}

/// The control that would fix a [`Error::Rejected`] request, in domain
/// words; each front-end says how to reach it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Remedy {
    /// Leave out this filter (`"tag"`, `"stage"`), which does not apply.
    DropFilter(&'static str),
    /// Choose one kind of record; the kinds that fit are given.
    RecordKind(&'static str),
    /// Name the pipeline deals move to (a stage remap).
    TargetPipeline,
    /// Map the file's columns to fields.
    ColumnMap,
    /// Read the file in this text encoding (`"utf-16"`, `"windows-1256"`).
    Encoding(&'static str),
    /// Name another database path.
    DatabasePath,
    /// Get the login onto the team list, or give the record another owner.
    TeamOwner,
    /// Go ahead although another process holds the file.
    Force,
    /// Link the record to a person, a company or a deal.
    Link,
}

fn conflict_message(entity: Entity, id: i64, expected: i64, actual: i64) -> String {
    let what = if expected < actual {
        format!(
            "{entity} {id} was changed by someone else since you read it (you had version {expected}, it is now version {actual})"
        )
    } else {
        format!("{entity} {id} is at version {actual}, not {expected} as given")
    };
    format!("{what}; nothing was saved")
}

fn field_conflict_message(
    entity: Entity,
    id: i64,
    fields: &[crate::model::patch::FieldConflict],
) -> String {
    use crate::text::sanitize::quoted;
    let show = |v: &Option<String>| v.as_deref().map_or_else(|| "(empty)".to_string(), quoted);
    let list: Vec<String> = fields
        .iter()
        .map(|f| {
            format!(
                "{}: was {}, they saved {}, yours {}",
                f.field,
                show(&f.original),
                show(&f.theirs),
                show(&f.mine)
            )
        })
        .collect();
    format!(
        "{entity} {id} was changed by someone else since you read it ({}); nothing was saved: run `kariz {entity} show {id}` and apply your change again",
        list.join("; ")
    )
}

impl Error {
    /// Whether someone else saved first (whole-record or field conflict).
    pub fn is_conflict(&self) -> bool {
        matches!(self, Error::Conflict { .. } | Error::FieldConflict { .. })
    }

    /// Shorthand for a validation error.
    pub fn invalid(message: impl Into<String>) -> Self {
        Error::Invalid(message.into())
    }

    /// A rejected request with what would fix it.
    pub fn rejected(message: impl Into<String>, remedy: Remedy) -> Self {
        Error::Rejected {
            message: message.into(),
            remedy,
        }
    }

    /// Wraps an I/O error with what was being done.
    pub fn io(context: impl Into<String>, source: std::io::Error) -> Self {
        Error::Io {
            context: context.into(),
            cause: source,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conflict_messages_tell_stale_from_impossible_versions() {
        let stale = Error::Conflict {
            entity: Entity::Person,
            id: 3,
            expected: 1,
            actual: 2,
        };
        assert!(
            stale.to_string().contains("changed by someone else"),
            "{stale}"
        );
        let ahead = Error::Conflict {
            entity: Entity::Person,
            id: 3,
            expected: 9,
            actual: 2,
        };
        assert!(
            ahead.to_string().contains("is at version 2, not 9"),
            "{ahead}"
        );
        assert!(!ahead.to_string().contains("someone else"), "{ahead}");
    }
}
