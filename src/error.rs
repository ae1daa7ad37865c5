//! One error type whose variants know their exit code (see README "Exit codes").

use std::fmt;

/// Stable process exit codes; scripts depend on these numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitCode {
    Ok = 0,
    Failure = 1,
    Usage = 2,
    ConflictsOpen = 3,
    Retryable = 75,
}

impl ExitCode {
    pub fn code(self) -> u8 {
        self as u8
    }
}

/// Errors that carry a specific exit code. Anything else is a plain failure (exit 1).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Bad flags, missing arguments, a prompt that cannot be answered non-interactively.
    #[error("{0}")]
    Usage(String),
    /// Malformed or invalid configuration (file, env, schedule, timezone …).
    #[error("{0}")]
    Config(String),
    /// Try again later: lock held, service unreachable, timeouts, 5xx.
    #[error("{0}")]
    Retryable(String),
}

impl Error {
    pub fn usage(msg: impl fmt::Display) -> Self {
        Error::Usage(msg.to_string())
    }
    pub fn config(msg: impl fmt::Display) -> Self {
        Error::Config(msg.to_string())
    }
    pub fn retryable(msg: impl fmt::Display) -> Self {
        Error::Retryable(msg.to_string())
    }
    pub fn exit_code(&self) -> ExitCode {
        match self {
            Error::Usage(_) | Error::Config(_) => ExitCode::Usage,
            Error::Retryable(_) => ExitCode::Retryable,
        }
    }
}

/// Exit code for any error: the first `Error` (or retryable API error) in its chain decides.
pub(crate) fn exit_code_for(err: &anyhow::Error) -> ExitCode {
    for cause in err.chain() {
        if let Some(e) = cause.downcast_ref::<Error>() {
            return e.exit_code();
        }
        if let Some(code) = cause
            .downcast_ref::<crate::store::StoreError>()
            .and_then(crate::store::StoreError::exit_code)
        {
            return code;
        }
        if let Some(e) = cause.downcast_ref::<crate::http::ApiError>()
            && e.is_retryable()
        {
            return ExitCode::Retryable;
        }
    }
    ExitCode::Failure
}

/// `a: b: c` for an error and its causes, without repeating identical messages: how every
/// error is shown to a person, on stderr, in run rows and in conflict resolutions.
pub(crate) fn render_error(err: &anyhow::Error) -> String {
    let mut parts: Vec<String> = Vec::new();
    for cause in err.chain() {
        let text = cause.to_string();
        if !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
    }
    parts.join(": ")
}

pub type Result<T, E = anyhow::Error> = std::result::Result<T, E>;
