//! What can go wrong inside the store, as one error type: callers above the store see
//! neither rusqlite nor refinery, and the exit code (75 for a store another process keeps
//! locked, 2 for an ambiguous run id) is decided here.

use crate::error::ExitCode;

type Cause = Box<dyn std::error::Error + Send + Sync>;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// Creating, opening, configuring or migrating the file (`what` names it).
    #[error("{what}")]
    File {
        what: String,
        #[source]
        source: Cause,
    },
    /// A write transaction could not start: another process holds the store's write lock
    /// past the busy timeout (`busy`), or SQLite refused for another reason.
    #[error("cannot lock the store {doing}{}", if *busy { ": the store is locked by another process; retry later" } else { "" })]
    Lock {
        doing: &'static str,
        busy: bool,
        #[source]
        source: rusqlite::Error,
    },
    /// A text column holds a value this version of syncd does not know (a newer syncd, or
    /// a hand edit, wrote it): refused rather than read as something else.
    #[error(
        "the store's {table}.{column} holds `{value}`, which this version of syncd does not know"
    )]
    UnknownValue {
        table: &'static str,
        column: &'static str,
        value: String,
    },
    /// A run's write found its lease taken by another run (`by`: who holds it now).
    #[error(
        "this sync lost its lease{by}, most likely because it was paused longer than the lease \
         lasts; it stopped before its next Kimai write. What it sent last waits to settle; run \
         the sync again"
    )]
    LeaseLost { by: String },
    /// A run id prefix that matches more than one run.
    #[error("run id prefix `{0}` is ambiguous; give more characters")]
    AmbiguousRunId(String),
    /// A row that must exist does not (`what` says which).
    #[error("{0}")]
    Missing(String),
    /// A statement failed; `doing` says what it was for, when that helps.
    #[error("{doing}")]
    Statement {
        doing: String,
        #[source]
        source: rusqlite::Error,
    },
    #[error(transparent)]
    Sqlite(rusqlite::Error),
    #[error(transparent)]
    Json(#[from] serde_json::Error),
    /// The blocking task that ran a store call panicked.
    #[error("store task panicked")]
    TaskPanicked,
}

impl StoreError {
    /// The exit code this error asks for, when it asks for one.
    pub fn exit_code(&self) -> Option<ExitCode> {
        match self {
            StoreError::Lock { busy: true, .. } | StoreError::LeaseLost { .. } => {
                Some(ExitCode::Retryable)
            }
            StoreError::AmbiguousRunId(_) => Some(ExitCode::Usage),
            _ => None,
        }
    }

    /// SQLite gave up waiting for another connection's lock (busy or locked).
    pub fn is_busy(&self) -> bool {
        let sqlite = match self {
            StoreError::Lock { busy: true, .. } => return true,
            StoreError::Lock { source, .. }
            | StoreError::Statement { source, .. }
            | StoreError::Sqlite(source) => source,
            _ => return false,
        };
        is_busy(sqlite)
    }

    /// Wrap a statement's error with what it was for.
    pub(super) fn doing(doing: impl Into<String>) -> impl FnOnce(rusqlite::Error) -> StoreError {
        let doing = doing.into();
        move |source| match unknown_value(&source) {
            Some(e) => e,
            None => StoreError::Statement { doing, source },
        }
    }

    /// A failed `BEGIN IMMEDIATE`: busy means "retry later" (exit 75).
    pub(super) fn lock(doing: &'static str) -> impl FnOnce(rusqlite::Error) -> StoreError {
        move |source| StoreError::Lock {
            doing,
            busy: is_busy(&source),
            source,
        }
    }

    pub(super) fn file(what: String) -> impl FnOnce(Cause) -> StoreError {
        move |source| StoreError::File { what, source }
    }
}

fn is_busy(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
    )
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        unknown_value(&e).unwrap_or(StoreError::Sqlite(e))
    }
}

/// A row reader's [`UnknownValue`], carried through rusqlite as a conversion failure.
fn unknown_value(e: &rusqlite::Error) -> Option<StoreError> {
    match e {
        rusqlite::Error::FromSqlConversionFailure(_, _, inner) => inner
            .downcast_ref::<UnknownValue>()
            .map(|u| StoreError::UnknownValue {
                table: u.table,
                column: u.column,
                value: u.value.clone(),
            }),
        _ => None,
    }
}

/// Raised inside row readers (which must return `rusqlite::Error`); turned into
/// [`StoreError::UnknownValue`] on the way out.
#[derive(Debug, thiserror::Error)]
#[error("the store's {table}.{column} holds `{value}`, which this version of syncd does not know")]
pub(super) struct UnknownValue {
    pub table: &'static str,
    pub column: &'static str,
    pub value: String,
}

/// Read column `idx` of a row as one of a closed set of values: `parse` knows them, and
/// anything else is an error naming the table, the column and the value.
pub(super) fn known<T>(
    row: &rusqlite::Row<'_>,
    idx: usize,
    table: &'static str,
    column: &'static str,
    parse: impl FnOnce(&str) -> Option<T>,
) -> rusqlite::Result<T> {
    let text: String = row.get(idx)?;
    match parse(&text) {
        Some(v) => Ok(v),
        None => Err(unknown(idx, table, column, text)),
    }
}

/// The error [`known`] returns, for readers that decode a column another way (JSON).
pub(super) fn unknown(
    idx: usize,
    table: &'static str,
    column: &'static str,
    value: String,
) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        idx,
        rusqlite::types::Type::Text,
        Box::new(UnknownValue {
            table,
            column,
            value,
        }),
    )
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;
